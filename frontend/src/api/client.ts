import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./generated/schema";
import { ApiProblem } from "./problem";

/** The CSRF token of the current session, sent with every request that changes something. */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null | undefined) {
  csrfToken = token ?? null;
}

/** For the few requests made outside the typed client (uploads with progress). */
export function csrfHeader(): Record<string, string> {
  return csrfToken ? { "X-CSRF-Token": csrfToken } : {};
}

/** Called when the server says the session is over (401), so the app can send people to sign in. */
let onSessionEnded: (() => void) | null = null;
export function whenSessionEnds(handler: () => void) {
  onSessionEnded = handler;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** When someone last used the app. Requests made long after that (a calendar refreshing itself
 * on an unattended screen) say so, and the server lets the session time out all the same. */
let lastActivity = Date.now();
const UNATTENDED_AFTER_MS = 60_000;
if (typeof window !== "undefined") {
  for (const event of ["pointerdown", "keydown", "wheel", "touchstart"]) {
    window.addEventListener(
      event,
      () => {
        lastActivity = Date.now();
      },
      { capture: true, passive: true },
    );
  }
}

const session: Middleware = {
  onRequest({ request }) {
    if (csrfToken && UNSAFE.has(request.method)) request.headers.set("X-CSRF-Token", csrfToken);
    if (Date.now() - lastActivity > UNATTENDED_AFTER_MS) request.headers.set("X-Contour-Unattended", "1");
    return request;
  },
  async onResponse({ response, request }) {
    if (response.ok) return response;
    const requestId = response.headers.get("x-request-id");
    let body: unknown = null;
    try {
      body = await response.clone().json();
    } catch {
      body = null;
    }
    const problem = new ApiProblem(response.status, (body ?? {}) as object, requestId);
    const signingIn = new URL(request.url).pathname.endsWith("/auth/login");
    if (response.status === 401 && !signingIn) onSessionEnded?.();
    throw problem;
  },
};

/** The typed API client: every call's shape comes from the committed OpenAPI spec. */
export const api = createClient<paths>({ baseUrl: "/api/v1" });
api.use(session);

/** The `data` of a call that threw on any error, for use in queries and mutations. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, response } = await call;
  if (response.status === 204) return undefined as T;
  return data as T;
}
