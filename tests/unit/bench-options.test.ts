import { describe, expect, it } from "vitest";
import { parseBenchOptions } from "../../bench/options";

describe("npm run bench options", () => {
  it("a full-scale run keeps every size and count of the full benchmark", () => {
    expect(parseBenchOptions(["--scale", "1"])).toEqual({
      scale: 1,
      out: "bench/out",
      smallRun: false,
      samples: 2_000,
      segments: 100,
      repeats: 5,
      webhooks: 20_000,
      firedSeconds: 10,
      floorExtras: 1,
    });
    // from 0.05 up the run is not small: the same defaults, the floor script at its own sizes
    expect(parseBenchOptions(["--scale", "0.05"])).toMatchObject({ smallRun: false, samples: 2_000, webhooks: 20_000, floorExtras: 1 });
  });

  it("a small scale runs the small preset, with the floor's fixed-size tests shrunk (a tenth at most)", () => {
    expect(parseBenchOptions(["--scale", "0.005", "--out", "/tmp/x"])).toEqual({
      scale: 0.005,
      out: "/tmp/x",
      smallRun: true,
      samples: 200,
      segments: 100,
      repeats: 1,
      webhooks: 300,
      firedSeconds: 1,
      floorExtras: 0.1,
    });
    expect(parseBenchOptions(["--scale", "0.02"]).floorExtras).toBeCloseTo(0.4);
    expect(parseBenchOptions(["--scale", "0.001"]).floorExtras).toBe(0.1);
  });

  it("options given win over either preset", () => {
    expect(parseBenchOptions(["--scale", "0.005", "--samples", "2000", "--webhooks", "20000", "--repeats", "5", "--fired-seconds", "10"])).toMatchObject({
      samples: 2_000,
      webhooks: 20_000,
      repeats: 5,
      firedSeconds: 10,
    });
    expect(parseBenchOptions(["--scale", "1", "--samples", "200", "--segments", "10"])).toMatchObject({ samples: 200, segments: 10, webhooks: 20_000 });
  });

  it("refuses a scale outside (0, 1] or a count that is not a whole positive number, naming the option", () => {
    expect(() => parseBenchOptions(["--scale", "2"])).toThrow("--scale must be in (0, 1]");
    expect(() => parseBenchOptions(["--scale", "0"])).toThrow("--scale must be in (0, 1]");
    expect(() => parseBenchOptions(["--scale", "0.005", "--webhooks", "0"])).toThrow("--webhooks must be a whole number of at least 1, not 0");
    expect(() => parseBenchOptions(["--scale", "0.005", "--fired-seconds", "1.5"])).toThrow("--fired-seconds must be a whole number of at least 1, not 1.5");
  });
});
