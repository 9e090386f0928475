import { rmSync } from "node:fs";
import { e2eEnv } from "./env";

export default async function globalTeardown() {
  const env = e2eEnv();
  try {
    process.kill(env.pid, "SIGTERM");
  } catch {
    // already gone
  }
  rmSync(env.dataDir, { recursive: true, force: true });
}
