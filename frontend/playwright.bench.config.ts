import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// The browser benchmarks: the same server and Chromium as the browser tests, one run, figures
// printed to the console (scripts/bench).
export default defineConfig({
  ...base,
  testDir: "bench",
  testMatch: "*.bench.ts",
  outputDir: "test-results/bench-artifacts",
  timeout: 300_000,
  reporter: [["list"]],
  use: { ...base.use, trace: "off", screenshot: "off" },
});
