import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
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

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to the server by address, naming the clinic in the Host header (Node does not
 * resolve *.localhost the way browsers do). */
function call(
  port: number,
  host: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<Reply>((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        headers: {
          host,
          ...headers,
          ...(payload
            ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Signs in as `email` and returns a tiny client that sends the cookie and CSRF token. */
async function signIn(port: number, host: string, email: string, password: string) {
  const res = await call(port, host, "POST", "/api/v1/auth/login", {}, { email, password });
  if (res.status !== 200) throw new Error(`sign-in as ${email}: ${res.status} ${res.body}`);
  const setCookie = res.headers["set-cookie"];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(";")[0] ?? "";
  const { csrfToken } = JSON.parse(res.body) as { csrfToken: string };
  return async (path: string, body: unknown) => {
    const r = await call(port, host, "POST", `/api/v1${path}`, { cookie, "x-csrf-token": csrfToken }, body);
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${r.body}`);
    return JSON.parse(r.body || "null") as unknown;
  };
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
  };
  for (const [key, role, name] of [
    ["frontDesk", "front_desk", "Dana Desk"],
    ["billing", "billing", "Bea Billing"],
    ["provider", "provider", "Pia Provider"],
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
