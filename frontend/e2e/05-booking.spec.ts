import { TZDate } from "@date-fns/tz";
import { expect, test } from "@playwright/test";
import { CLINIC_TZ, env, setUpBooking, signIn } from "./helpers";

const shots = "test-results/screenshots";
const phone = { width: 390, height: 844 };

test.beforeAll(async () => {
  const { owner } = await setUpBooking();
  await owner("/online-booking", { enabled: true, leadMinutes: 0, horizonDays: 30, slotMinutes: 15 }, "PUT");
});

test("an owner closes and reopens online booking and sets its times", async ({ page }) => {
  await signIn(page, "owner");
  await page.goto(`${env.baseURL}/settings/online-booking`);
  const online = page.getByRole("checkbox", { name: /Patients can book online/ });
  await expect(online).toBeChecked();
  await expect(page.getByText("What patients can book")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Neurotoxin" })).toContainText("Online");

  await online.uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Online booking is off", { exact: true })).toBeVisible();
  const portal = await page.context().newPage();
  const closed = await portal.goto(`${env.baseURL}/book`);
  expect(closed?.status()).toBe(404);
  await expect(portal.getByRole("heading", { name: "Online booking is closed" })).toBeVisible();

  await online.check();
  await page.getByLabel("Start times every").selectOption("30");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Online booking is on", { exact: true })).toBeVisible();
  await page.screenshot({ path: `${shots}/settings-online-booking.png`, fullPage: true });
  const open = await portal.goto(`${env.baseURL}/book`);
  expect(open?.status()).toBe(200);
  await expect(portal.getByRole("heading", { name: "Book an appointment" })).toBeVisible();
});

test("a patient books on a phone without JavaScript and the front desk sees it on the calendar", async ({
  browser,
  page,
}) => {
  // The patient: a phone, JavaScript off, nothing but links and one form.
  const patient = await browser.newContext({ viewport: phone, javaScriptEnabled: false });
  const book = await patient.newPage();
  await book.goto(`${env.baseURL}/book`);
  await expect(book.getByRole("heading", { name: "Book an appointment" })).toBeVisible();
  await expect(book.locator("header")).toContainText("Lumen Skin Studio");
  await book.screenshot({ path: `${shots}/booking-1-services.png`, fullPage: true });

  await book.getByRole("link", { name: /Neurotoxin/ }).click();
  await expect(book.getByRole("heading", { name: "Who would you like to see?" })).toBeVisible();
  await book.getByRole("link", { name: /Anyone available/ }).click();
  await expect(book.getByRole("heading", { name: "Choose a time" })).toBeVisible();
  await book.screenshot({ path: `${shots}/booking-2-times.png`, fullPage: true });

  const time = book.locator(".times a").first();
  const href = (await time.getAttribute("href")) ?? "";
  const stamp = href.split("/t/")[1] ?? "";
  await time.click();
  await expect(book.getByRole("heading", { name: "Your details" })).toBeVisible();

  // A slip first: nothing to reach the patient by. What was typed stays.
  await book.getByLabel("First name").fill("Piper");
  await book.getByLabel("Last name").fill("Bookwell");
  await book.getByRole("button", { name: "Confirm booking" }).click();
  await expect(book.getByText("Enter a mobile phone number or an email address.")).toBeVisible();
  await expect(book.getByLabel("First name")).toHaveValue("Piper");
  await book.getByLabel("Mobile phone").fill("(555) 010-0150");
  await book.screenshot({ path: `${shots}/booking-3-details.png`, fullPage: true });
  await book.getByRole("button", { name: "Confirm booking" }).click();

  await expect(book.getByRole("heading", { name: "You’re booked, Piper" })).toBeVisible();
  await expect(book.getByRole("link", { name: "Add to my calendar" })).toBeVisible();
  await book.screenshot({ path: `${shots}/booking-4-done.png`, fullPage: true });
  const appointment = new URL(book.url()).pathname.split("/")[3] ?? "";
  await patient.close();

  // The front desk: the booking is on the calendar, marked as booked online.
  const startsAt = new Date(
    stamp.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"),
  );
  const day = new TZDate(startsAt.getTime(), CLINIC_TZ);
  const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;
  await signIn(page, "frontDesk");
  await page.goto(`${env.baseURL}/calendar?date=${date}&appt=${appointment}`);
  const tile = page.locator(`[data-appt="${appointment}"]`);
  await expect(tile).toBeVisible();
  await expect(tile).toHaveAttribute("aria-label", /Piper Bookwell, Neurotoxin/);
  await expect(tile).toHaveAttribute("data-status", "booked");
  await expect(page.getByText("Booked online")).toBeVisible();
});
