import { request } from "node:http";

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

export type ApiCall = <T = unknown>(path: string, body?: unknown, method?: string) => Promise<T>;

/** Signs in as `email` and returns a tiny client that sends the cookie and CSRF token. Set-up
 * that is not what a test is about goes through here rather than the browser. */
export async function signIn(port: number, host: string, email: string, password: string): Promise<ApiCall> {
  const res = await call(port, host, "POST", "/api/v1/auth/login", {}, { email, password });
  if (res.status !== 200) throw new Error(`sign-in as ${email}: ${res.status} ${res.body}`);
  const setCookie = res.headers["set-cookie"];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(";")[0] ?? "";
  const { csrfToken } = JSON.parse(res.body) as { csrfToken: string };
  return async <T>(path: string, body?: unknown, method = body === undefined ? "GET" : "POST") => {
    const r = await call(port, host, method, `/api/v1${path}`, { cookie, "x-csrf-token": csrfToken }, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.body}`);
    return JSON.parse(r.body || "null") as T;
  };
}
