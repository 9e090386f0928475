import { expect, type Page } from "@playwright/test";
import { e2eEnv } from "./env";

export const env = e2eEnv();

export async function signIn(page: Page, who: keyof typeof env.users) {
  const { email, password } = env.users[who];
  await page.goto(`${env.baseURL}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/patients$/);
}
