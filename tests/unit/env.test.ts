import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../app/env.server";

const production = {
  APP_MODE: "production",
  DATABASE_PATH: "/var/lib/segmentflow/app.sqlite",
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://app.example.com",
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("run mode configuration", () => {
  it("never guesses the mode: without APP_MODE it refuses to start and says how to run", () => {
    const problems = problemsOf({ SHOPIFY_API_KEY: "key" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/APP_MODE must be "demo" or "production" \(got nothing\)/);
    expect(problemsOf({ APP_MODE: "staging" })[0]).toMatch(/got "staging"/);
  });

  it("starts the demo with no credentials, on loopback, with the demo database", () => {
    const env = parseEnv({ APP_MODE: "demo" });
    expect(env).toMatchObject({ APP_MODE: "demo", HOST: "127.0.0.1", PORT: 3000, DATABASE_PATH: "db/local/demo.sqlite" });
  });

  it("refuses to bind the demo to a non-loopback address", () => {
    expect(problemsOf({ APP_MODE: "demo", HOST: "0.0.0.0" })).toEqual([
      "HOST: demo mode only binds to loopback (127.0.0.1, localhost or ::1)",
    ]);
  });

  it("refuses production without complete Shopify configuration, naming every missing setting", () => {
    const problems = problemsOf({ APP_MODE: "production" });
    expect(problems.join("\n")).toMatch(/DATABASE_PATH/);
    expect(problems.join("\n")).toMatch(/SHOPIFY_API_KEY/);
    expect(problems.join("\n")).toMatch(/SHOPIFY_API_SECRET/);
    expect(problems.join("\n")).toMatch(/SHOPIFY_APP_URL/);
    expect(problemsOf({ ...production, SHOPIFY_APP_URL: "not a url" })).toEqual([
      "SHOPIFY_APP_URL: SHOPIFY_APP_URL must be the app's public https URL",
    ]);
  });

  it("refuses a mix of demo and production settings in either direction", () => {
    expect(problemsOf({ APP_MODE: "demo", SHOPIFY_API_SECRET: "secret" })).toEqual([
      "SHOPIFY_API_SECRET is a production setting and cannot be used in demo mode",
    ]);
    expect(problemsOf({ ...production, DEMO_SEED: "7" })).toEqual([
      "DEMO_SEED is a demo setting and cannot be used in production mode",
    ]);
  });

  it("accepts a complete production configuration", () => {
    expect(parseEnv(production)).toMatchObject({ APP_MODE: "production", HOST: "0.0.0.0", SHOPIFY_API_KEY: "key" });
  });

  it("takes the SHOPLINE install settings in production only, and a SHOPLINE key only with its secret", () => {
    const env = parseEnv({ ...production, SHOPLINE_APP_KEY: "sl-key", SHOPLINE_APP_SECRET: "sl-secret" });
    expect(env).toMatchObject({ SHOPLINE_APP_KEY: "sl-key", SHOPLINE_SCOPES: "read_customers,read_orders,read_store_information" });
    expect(problemsOf({ ...production, SHOPLINE_APP_SECRET: "sl-secret" })).toEqual([]);
    expect(problemsOf({ ...production, SHOPLINE_APP_KEY: "sl-key" })).toEqual(["SHOPLINE_APP_KEY needs SHOPLINE_APP_SECRET (SHOPLINE installs sign with it)"]);
    expect(problemsOf({ ...production, SHOPLINE_ADMIN_API_ORIGIN: "not a url" })).toEqual([expect.stringMatching(/^SHOPLINE_ADMIN_API_ORIGIN: /)]);
    expect(problemsOf({ APP_MODE: "demo", SHOPLINE_SCOPES: "read_customers" })).toEqual(["SHOPLINE_SCOPES is a production setting and cannot be used in demo mode"]);
  });
});
