import { readFileSync } from "node:fs";
import { join } from "node:path";

/** What global-setup made: the server's address and the people who can sign in. */
export interface E2eEnv {
  baseURL: string;
  port: number;
  dataDir: string;
  pid: number;
  users: Record<
    "owner" | "frontDesk" | "billing" | "provider" | "director",
    { email: string; password: string }
  >;
}

export const ENV_FILE = join(import.meta.dirname, "..", "test-results", "e2e-env.json");

export function e2eEnv(): E2eEnv {
  return JSON.parse(readFileSync(ENV_FILE, "utf8")) as E2eEnv;
}
