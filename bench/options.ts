/**
 * `npm run bench` options. Below `SMALL_RUN_BELOW` a run is a small run (CI's smoke run among
 * them): the options it is not given default to the small preset, and the floor script's
 * fixed-size tests that feed no figure (bench/floor/raw-sqlite.cjs, `EXTRAS`) shrink with the
 * scale. From that scale up every size and count is the full run's.
 */
import { parseArgs } from "node:util";

export const SMALL_RUN_BELOW = 0.05;
const FULL_DEFAULTS = { samples: 2_000, segments: 100, repeats: 5, webhooks: 20_000, "fired-seconds": 10 };
const SMALL_DEFAULTS = { samples: 200, segments: 100, repeats: 1, webhooks: 300, "fired-seconds": 1 };
type Counted = keyof typeof FULL_DEFAULTS;

export type BenchOptions = {
  /** 1 = 1,000,000 contacts. */
  scale: number;
  out: string;
  smallRun: boolean;
  samples: number;
  segments: number;
  repeats: number;
  webhooks: number;
  firedSeconds: number;
  /** Multiplies the floor script's fixed-size tests: 1 from `SMALL_RUN_BELOW` up, down to a tenth at scale 0.005. */
  floorExtras: number;
};

export function parseBenchOptions(args: string[]): BenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      scale: { type: "string", default: "0.1" },
      out: { type: "string", default: "bench/out" },
      samples: { type: "string" },
      segments: { type: "string" },
      repeats: { type: "string" },
      webhooks: { type: "string" },
      "fired-seconds": { type: "string" },
    },
  });
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be in (0, 1] (1 = 1,000,000 contacts), not ${values.scale}`);
  const smallRun = scale < SMALL_RUN_BELOW;
  const count = (name: Counted) => {
    const given = values[name];
    if (given === undefined) return (smallRun ? SMALL_DEFAULTS : FULL_DEFAULTS)[name];
    const n = Number(given);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1, not ${given}`);
    return n;
  };
  return {
    scale,
    out: values.out!,
    smallRun,
    samples: count("samples"),
    segments: count("segments"),
    repeats: count("repeats"),
    webhooks: count("webhooks"),
    firedSeconds: count("fired-seconds"),
    floorExtras: Math.max(0.1, Math.min(1, scale / SMALL_RUN_BELOW)),
  };
}
