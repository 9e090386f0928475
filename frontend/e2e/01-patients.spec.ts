import { expect, test } from "@playwright/test";
import { env, signIn } from "./helpers";

const shots = "test-results/screenshots";

test("front desk adds a patient, finds them with Cmd+K, tags them and records an allergy", async ({
  page,
}) => {
  await signIn(page, "frontDesk");
  await page.getByRole("link", { name: "Patients", exact: true }).first().click();
  await expect(page.getByRole("heading", { name: "Patients", exact: true })).toBeVisible();
  await expect(page.getByText("No patients yet")).toBeVisible();

  await page.getByRole("button", { name: "New patient" }).click();
  const dialog = page.getByRole("dialog", { name: "New patient" });
  await dialog.getByLabel("First name").fill("Juniper");
  await dialog.getByLabel("Last name").fill("Testwell");
  await dialog.getByLabel("Mobile phone").fill("(212) 555-0147");
  await dialog.getByLabel("Date of birth").fill("1991-04-17");
  await dialog.getByRole("button", { name: "Create patient" }).click();
  await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Juniper Testwell" })).toBeVisible();

  // Find them again from anywhere with the keyboard alone.
  await page.getByRole("link", { name: "Patients", exact: true }).first().click();
  await expect(page).toHaveURL(/\/patients$/);
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Search" });
  await palette.getByRole("combobox").fill("testwel");
  await expect(palette.getByRole("option", { name: /Juniper Testwell/ })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Juniper Testwell" })).toBeVisible();

  // A tag, made on the spot.
  await page.getByRole("button", { name: "Edit tags" }).click();
  await page.getByLabel("New tag").fill("Lip filler series");
  await page.getByRole("button", { name: "Add tag" }).click();
  await page.keyboard.press("Escape");
  await expect(page.locator("header").getByText("Lip filler series")).toBeVisible();

  // An allergy, which then stays in view above every tab.
  await page.getByRole("tab", { name: "Medical" }).click();
  await page.getByRole("button", { name: "Add allergy" }).first().click();
  await page.getByLabel("Substance").fill("Lidocaine");
  await page.getByLabel("Reaction").fill("Hives");
  await page.getByLabel("Severity").selectOption("severe");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText("Lidocaine · severe")).toBeVisible();

  await page.getByRole("tab", { name: "Timeline" }).click();
  await expect(page.getByText("Lidocaine · severe")).toBeVisible();
  await expect(page.getByText("Nothing yet")).toBeVisible();

  await page.screenshot({ path: `${shots}/profile-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole("heading", { name: "Juniper Testwell" })).toBeVisible();
  await page.screenshot({ path: `${shots}/profile-phone.png`, fullPage: true });

  // The list shows the allergy flag and the tag too.
  await page.setViewportSize({ width: 1366, height: 860 });
  await page.goto(`${env.baseURL}/patients`);
  const row = page.getByRole("link", { name: /Juniper Testwell/ });
  await expect(row.getByText("Allergies")).toBeVisible();
  await expect(row.getByText("Lip filler series")).toBeVisible();
});

test("billing sees patients but no Medical tab", async ({ page }) => {
  await signIn(page, "billing");
  await page.goto(`${env.baseURL}/patients`);
  await page.getByRole("link", { name: /Juniper Testwell/ }).click();
  await expect(page.getByRole("heading", { name: "Juniper Testwell" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "Timeline" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "Details" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "Medical" })).toHaveCount(0);
  await expect(page.getByText("Lidocaine")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "New patient" })).toHaveCount(0);
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto(`${env.baseURL}/login`);
  await page.getByLabel("Email").fill(env.users.frontDesk.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("That email and password don't match an active account.");
  await expect(page).toHaveURL(/\/login$/);
});

test("an ended session goes to sign-in and comes back to the same page", async ({ page, context }) => {
  await signIn(page, "frontDesk");
  await page.goto(`${env.baseURL}/patients`);
  await page.getByRole("link", { name: /Juniper Testwell/ }).click();
  // Settle on the profile before the session ends, so no request of the page in flight meets it.
  await page.getByRole("tab", { name: "Details" }).click();
  await expect(page.getByRole("tab", { name: "Details" })).toHaveAttribute("aria-selected", "true");
  await page.waitForLoadState("networkidle");
  const profile = page.url();
  await context.clearCookies();
  await page.reload();
  await expect(page).toHaveURL(/\/login\?returnTo=/);
  await page.getByLabel("Email").fill(env.users.frontDesk.email);
  await page.getByLabel("Password").fill(env.users.frontDesk.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${new URL(profile).pathname}`));
});
