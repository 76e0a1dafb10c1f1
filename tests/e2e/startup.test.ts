import { describe, expect, it } from "vitest";
import { runServerToExit } from "../helpers/server";

describe("the server refuses to start with an unclear configuration", () => {
  it("without APP_MODE, instead of guessing demo mode", async () => {
    const { code, output } = await runServerToExit({});
    expect(code).toBe(1);
    expect(output).toMatch(/APP_MODE must be "demo" or "production"/);
  });

  it("in production without complete Shopify configuration", async () => {
    const { code, output } = await runServerToExit({ APP_MODE: "production", DATABASE_PATH: "/tmp/never-created.sqlite" });
    expect(code).toBe(1);
    expect(output).toMatch(/SHOPIFY_API_KEY/);
    expect(output).toMatch(/SHOPIFY_API_SECRET/);
    expect(output).toMatch(/SHOPIFY_APP_URL/);
  });

  it("with demo and production settings mixed", async () => {
    const { code, output } = await runServerToExit({ APP_MODE: "demo", SHOPIFY_API_SECRET: "real-secret" });
    expect(code).toBe(1);
    expect(output).toMatch(/SHOPIFY_API_SECRET is a production setting and cannot be used in demo mode/);
  });
});
