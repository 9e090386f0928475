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
