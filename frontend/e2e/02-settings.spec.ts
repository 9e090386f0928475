import { expect, test } from "@playwright/test";
import { env, signIn } from "./helpers";

const shots = "test-results/screenshots";

test("the owner sets up rooms, services and a provider's hours, services and time off", async ({ page }) => {
  await signIn(page, "owner");
  // No providers yet: the calendar says what to do next.
  await expect(page.getByText("No one is on the calendar yet")).toBeVisible();
  await page.getByRole("link", { name: "Set up providers" }).click();
  await expect(page).toHaveURL(/\/settings\/providers$/);

  await page.getByRole("link", { name: "Rooms" }).click();
  for (const name of ["Treatment Room 1", "Treatment Room 2"]) {
    await page
      .getByRole("button", { name: /Add (a )?room/ })
      .first()
      .click();
    const dialog = page.getByRole("dialog", { name: "Add a room" });
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByRole("button", { name: "Add room" }).click();
    await expect(page.getByRole("main").getByRole("listitem").filter({ hasText: name })).toBeVisible();
  }
  // The same name twice is refused with a clear message.
  await page.getByRole("button", { name: "Add room" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("treatment room 1");
  await page.getByRole("dialog").getByRole("button", { name: "Add room" }).click();
  await expect(page.getByRole("dialog").getByText(/already/i)).toBeVisible();
  await page.keyboard.press("Escape");

  await page.getByRole("link", { name: "Services" }).click();
  await page.getByRole("button", { name: "Add a service" }).click();
  let dialog = page.getByRole("dialog", { name: "Add a service" });
  await dialog.getByLabel("Name").fill("Neurotoxin");
  await dialog.getByLabel("Category").fill("Injectables");
  await dialog.getByLabel("Minutes").fill("30");
  await dialog.getByLabel("Clean-up after").fill("10");
  await dialog.getByLabel("Price ($)").fill("350");
  await dialog.getByLabel("Chart").selectOption("injectables");
  await dialog.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByText("30 min + 10 clean-up")).toBeVisible();

  await page.getByRole("button", { name: "Add service" }).click();
  dialog = page.getByRole("dialog", { name: "Add a service" });
  await dialog.getByLabel("Name").fill("Consultation");
  await dialog.getByLabel("Category").fill("Consultations");
  await dialog.getByLabel("Price ($)").fill("0");
  await dialog.getByLabel("Needs a treatment room").uncheck();
  await dialog.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("region", { name: "Consultations" })).toBeVisible();
  await page.screenshot({ path: `${shots}/settings-services.png`, fullPage: true });

  await page.getByRole("link", { name: "Providers" }).click();
  await page.getByRole("button", { name: "Add a provider" }).click();
  await page.getByRole("dialog").getByLabel("Staff member").selectOption({ label: "Pia Provider" });
  await page.getByRole("dialog").getByRole("button", { name: "Add to calendar" }).click();
  await expect(page.getByRole("heading", { name: "Pia Provider" })).toBeVisible();

  // Weekdays 9 to 5 with a lunch break on Monday; weekends off.
  for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]) {
    await page.getByRole("checkbox", { name: day }).check();
  }
  await page.getByLabel("Monday end").fill("12:00");
  await page.getByRole("button", { name: "Add a span" }).first().click();
  await page.getByRole("button", { name: "Save hours" }).click();
  await expect(page.getByText("Working hours saved").first()).toBeVisible();

  await page.getByRole("button", { name: "Select all" }).click();
  await page.getByRole("button", { name: "Save services" }).click();
  await expect(page.getByText("Services saved").first()).toBeVisible();

  await page.getByLabel("Reason").fill("Conference");
  await page.getByRole("button", { name: "Add time off" }).click();
  await expect(page.getByRole("main").getByRole("listitem").filter({ hasText: "Conference" })).toBeVisible();
  await page.screenshot({ path: `${shots}/settings-provider.png`, fullPage: true });

  // Saved for good: the list sums it up after a reload.
  await page.goto(`${env.baseURL}/settings/providers`);
  const row = page.getByRole("link", { name: /Pia Provider/ });
  await expect(row).toContainText("Mon 09:00–12:00, 13:00–17:00 · Tue–Fri 09:00–17:00 · 2 services");

  // Front desk can't change any of it, and isn't offered to.
  await page.context().clearCookies();
  await signIn(page, "frontDesk");
  await page.goto(`${env.baseURL}/settings/rooms`);
  await expect(page.getByText("Only the clinic’s owners can change this")).toBeVisible();
  await expect(page.getByRole("link", { name: "Rooms" })).toHaveCount(0);
});
