import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { signIn } from "./api";
import { type E2eEnv, ENV_FILE } from "./env";

const SLUG = "e2e";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess) {
  for (let i = 0; i < 150; i += 1) {
    if (child.exitCode !== null) throw new Error(`contour serve exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not answer ${url}`);
}

export default async function globalSetup() {
  const bin = process.env.CONTOUR_BIN;
  if (!bin) throw new Error("CONTOUR_BIN must point at the contour binary (scripts/test sets it)");
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "contour-e2e-"));
  const env = {
    ...process.env,
    CONTOUR_DATA_DIR: dataDir,
    CONTOUR_PORT: String(port),
    CONTOUR_DATABASE_URL: "",
    CONTOUR_LOG: "warn",
  };
  const owner = { email: "owner@e2e.example", password: "e2e-owner-password" };
  execFileSync(
    bin,
    [
      "clinic",
      "create",
      "--slug",
      SLUG,
      "--name",
      "Lumen Skin Studio",
      "--timezone",
      "America/New_York",
      "--owner-email",
      owner.email,
      "--owner-name",
      "Olive Owner",
    ],
    { env: { ...env, CONTOUR_OWNER_PASSWORD: owner.password }, stdio: "inherit" },
  );
  mkdirSync(dirname(ENV_FILE), { recursive: true });
  const log = openSync(join(dirname(ENV_FILE), "server.log"), "w");
  const server = spawn(bin, ["serve"], { env, stdio: ["ignore", log, log], detached: true });
  server.unref();
  const host = `${SLUG}.localhost:${port}`;
  const baseURL = `http://${host}`;
  await waitForHealth(`http://127.0.0.1:${port}/healthz`, server);

  // Staff join with temporary passwords and choose their own, as they would.
  const asOwner = await signIn(port, host, owner.email, owner.password);
  const users: E2eEnv["users"] = {
    owner,
    frontDesk: { email: "desk@e2e.example", password: "e2e-desk-password" },
    billing: { email: "billing@e2e.example", password: "e2e-billing-password" },
    provider: { email: "provider@e2e.example", password: "e2e-provider-password" },
    director: { email: "director@e2e.example", password: "e2e-director-password" },
  };
  for (const [key, role, name] of [
    ["frontDesk", "front_desk", "Dana Desk"],
    ["billing", "billing", "Bea Billing"],
    ["provider", "provider", "Pia Provider"],
    ["director", "medical_director", "Dr. Mara Director"],
  ] as const) {
    const temporary = `temporary-${key}-123`;
    await asOwner("/staff", {
      email: users[key].email,
      displayName: name,
      role,
      temporaryPassword: temporary,
    });
    const asThem = await signIn(port, host, users[key].email, temporary);
    await asThem("/me/password", { currentPassword: temporary, newPassword: users[key].password });
  }

  const info: E2eEnv = { baseURL, port, dataDir, pid: server.pid ?? 0, users };
  writeFileSync(ENV_FILE, JSON.stringify(info, null, 2));
  process.env.E2E_BASE_URL = baseURL;
}
