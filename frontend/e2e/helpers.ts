import { TZDate } from "@date-fns/tz";
import { expect, type Page } from "@playwright/test";
import { signIn as apiSignIn } from "./api";
import { e2eEnv } from "./env";

export const env = e2eEnv();

/** Signs in through the sign-in page; everyone lands on the calendar. */
export async function signIn(page: Page, who: keyof typeof env.users) {
  const { email, password } = env.users[who];
  await page.goto(`${env.baseURL}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/calendar$/);
}

/** The API as one of the test users, for set-up a test is not about. */
export function apiAs(who: keyof typeof env.users) {
  const { email, password } = env.users[who];
  return apiSignIn(env.port, new URL(env.baseURL).host, email, password);
}

export const CLINIC_TZ = "America/New_York";

/** An instant today, in the clinic's zone, as the server wants it. */
export function todayAt(hour: number, minute = 0): string {
  const now = new TZDate(Date.now(), CLINIC_TZ);
  return new TZDate(now.getFullYear(), now.getMonth(), now.getDate(), hour, minute, CLINIC_TZ).toISOString();
}

interface Named {
  id: string;
  name: string;
}

const SERVICES = [
  { name: "Consultation", category: "Consultations", color: "#868e96", chartKind: "general" },
  { name: "Neurotoxin", category: "Injectables", color: "#1c7ed6", chartKind: "injectables" },
] as const;

/**
 * What the calendar and charting tests book with, made once whatever order tests run in: a
 * room, a consultation and a neurotoxin service, and Pia (provider) and Olive (owner) taking
 * appointments every day from 7 to 21 for every service.
 */
export async function setUpBooking() {
  const owner = await apiAs("owner");
  const rooms = await owner<Named[]>("/rooms");
  if (!rooms.some((r) => r.name === "Treatment Room 1")) {
    await owner("/rooms", { name: "Treatment Room 1", sortOrder: 0 });
  }
  let existing = await owner<Named[]>("/services");
  for (const spec of SERVICES) {
    if (existing.some((s) => s.name === spec.name)) continue;
    await owner("/services", {
      ...spec,
      durationMinutes: 30,
      bufferAfterMinutes: 0,
      priceCents: 0,
      needsRoom: false,
      bookableOnline: true,
      roomIds: [],
    });
  }
  existing = await owner<Named[]>("/services");
  const services = Object.fromEntries(existing.map((s) => [s.name, s.id])) as Record<string, string>;
  const staff = await owner<{ id: string; email: string }[]>("/staff");
  const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "07:00", end: "21:00" }));
  const providers = { provider: "", owner: "" };
  for (const [i, who] of (["provider", "owner"] as const).entries()) {
    const id = staff.find((s) => s.email === env.users[who].email)?.id ?? "";
    providers[who] = id;
    await owner(
      `/providers/${id}`,
      { color: i ? "#0c8599" : "#d6336c", bookableOnline: true, sortOrder: i },
      "PUT",
    );
    await owner(`/providers/${id}/hours`, { hours: everyDay }, "PUT");
    await owner(`/providers/${id}/services`, { serviceIds: existing.map((s) => s.id) }, "PUT");
  }
  return { owner, services, providers };
}

/** A photo made in the page itself: a plain gradient, obviously not a person. */
export async function samplePhoto(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 800;
    canvas.height = 1000;
    const ctx = canvas.getContext("2d");
    if (!ctx) return "";
    const g = ctx.createLinearGradient(0, 0, 800, 1000);
    g.addColorStop(0, "#f4d8c8");
    g.addColorStop(1, "#c99a82");
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, 800, 1000);
    return canvas.toDataURL("image/png");
  });
  return Buffer.from(dataUrl.split(",")[1] ?? "", "base64");
}
