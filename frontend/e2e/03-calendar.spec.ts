import { expect, type Page, test } from "@playwright/test";
import { setUpBooking, signIn, todayAt } from "./helpers";

const shots = "test-results/screenshots";

// The browser sits in a zone far from the clinic's: the calendar must still show New York time.
test.use({ timezoneId: "Pacific/Kiritimati" });

test.beforeAll(async () => {
  const { owner, services, providers } = await setUpBooking();
  // Olive is busy at one o'clock today (already, if an earlier attempt got this far).
  const blocker = await owner<{ id: string }>("/patients", {
    firstName: "Noor",
    lastName: "Blocker",
    allowDuplicate: true,
  });
  await owner("/appointments", {
    patientId: blocker.id,
    providerId: providers.owner,
    serviceId: services.Consultation,
    startsAt: todayAt(13),
  }).catch((error: Error) => {
    if (!error.message.includes("slot_unavailable")) throw error;
  });
});

/**
 * Scrolls the grid so an hour sits in its middle. The grid first lands near the current time,
 * which varies; from the middle, a drag never starts at an edge, where the grid scrolls itself.
 */
async function centerOn(page: Page, hour: number) {
  await page.locator(`[data-hour="${hour}"]`).evaluate((el) => el.scrollIntoView({ block: "center" }));
}

/** The page's y for a wall-clock time on the grid as it is scrolled now. */
async function yAt(page: Page, hour: number, minute = 0) {
  const box = await page.locator(`[data-hour="${hour}"]`).boundingBox();
  if (!box) throw new Error(`no ${hour}:00 on the grid`);
  return box.y + box.height / 2 + minute * 1.6;
}

async function xOf(page: Page, column: string) {
  const box = await page.locator(`[data-column="${column}"]`).boundingBox();
  if (!box) throw new Error(`no column ${column}`);
  return box.x + box.width / 2;
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

test("front desk books by dragging, moves, resizes, checks in, and a clash is refused", async ({ page }) => {
  await signIn(page, "frontDesk");
  await expect(page.locator('[data-column="Pia Provider"]')).toBeVisible();
  await expect(page.locator('[data-column="Olive Owner"]')).toBeVisible();

  // Drag over 10:00-10:45 in Pia's column.
  await centerOn(page, 11);
  const pia = await xOf(page, "Pia Provider");
  await drag(page, { x: pia, y: (await yAt(page, 10)) + 2 }, { x: pia, y: (await yAt(page, 10, 45)) + 2 });
  const form = page.getByRole("form", { name: "New appointment" });
  await expect(form).toContainText("10 AM – 10:45 AM");
  await form.getByRole("combobox", { name: "Patient" }).fill("Calla Dragwell");
  await form.getByRole("option", { name: /New patient/ }).click();
  await form.getByLabel("Mobile phone").fill("(212) 555-0188");
  await form.getByLabel("Service").selectOption({ label: "Consultation · 30 min" });
  await page.screenshot({ path: `${shots}/calendar-quick-create.png` });
  await form.getByRole("button", { name: "Book" }).click();
  await expect(page.getByText("Booked Calla Dragwell").first()).toBeVisible();
  const tile = page.getByRole("button", { name: /^Calla Dragwell,/ });
  await expect(tile).toHaveAttribute("aria-label", /with Pia Provider, 10:00–10:45 AM, Booked/);
  await page.getByRole("button", { name: "Close appointment" }).click();

  // Move it to Olive at 11:00: the time and length come along.
  let box = await tile.boundingBox();
  if (!box) throw new Error("no tile");
  await drag(
    page,
    { x: box.x + box.width / 2, y: box.y + 8 },
    { x: await xOf(page, "Olive Owner"), y: (await yAt(page, 11)) + 8 },
  );
  await expect(tile).toHaveAttribute("aria-label", /with Olive Owner, 11:00–11:45 AM/);

  // Stretch it to noon by its bottom edge.
  box = await tile.boundingBox();
  if (!box) throw new Error("no tile");
  await drag(
    page,
    { x: box.x + box.width / 2, y: box.y + box.height - 3 },
    { x: box.x + box.width / 2, y: (await yAt(page, 12)) + 2 },
  );
  await expect(tile).toHaveAttribute("aria-label", /11:00 AM–12:00 PM/);

  // Check in from the side panel.
  await tile.click();
  const panel = page.getByRole("complementary", { name: /Calla Dragwell/ });
  await expect(panel.getByText("Consultation", { exact: true })).toBeVisible();
  await panel.getByRole("button", { name: "Check in" }).click();
  await expect(panel.getByText("Checked in")).toBeVisible();
  await page.screenshot({ path: `${shots}/calendar-day.png` });

  // Everything is still there after a reload.
  await page.reload();
  await expect(tile).toHaveAttribute("aria-label", /with Olive Owner, 11:00 AM–12:00 PM, Checked in/);
  await page.getByRole("button", { name: "Close appointment" }).click();
  await centerOn(page, 12);

  // Onto Olive's one o'clock: refused, said why, and the tile goes back.
  box = await tile.boundingBox();
  if (!box) throw new Error("no tile");
  await drag(
    page,
    { x: box.x + box.width / 2, y: box.y + 8 },
    { x: box.x + box.width / 2, y: (await yAt(page, 12, 45)) + 8 },
  );
  await expect(page.getByText("That time didn’t work, so the appointment stayed put").first()).toBeVisible();
  await expect(page.getByText(/Olive Owner is already booked 1:00 PM–1:30 PM/).first()).toBeVisible();
  await expect(tile).toHaveAttribute("aria-label", /11:00 AM–12:00 PM/);

  // The week at a glance, and the keyboard: W for week, T for today, D for day.
  await page.keyboard.press("w");
  await expect(page).toHaveURL(/view=week/);
  await expect(tile).toBeVisible();
  await page.screenshot({ path: `${shots}/calendar-week.png` });
  await page.keyboard.press("d");
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(/date=\d{4}-\d{2}-\d{2}/);
  await expect(tile).toHaveCount(0);
  await page.keyboard.press("t");
  await expect(tile).toBeVisible();
});

test("on a phone the day shows one provider at a time, and a tap books", async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
    timezoneId: "Europe/Berlin",
  });
  const page = await context.newPage();
  await signIn(page, "frontDesk");
  await expect(page.locator("[data-column]")).toHaveCount(1);
  await page.getByRole("tab", { name: "Olive Owner" }).tap();
  await expect(page.locator('[data-column="Olive Owner"]')).toBeVisible();
  await expect(page.getByRole("button", { name: /^Calla Dragwell,/ })).toBeVisible();
  await page.screenshot({ path: `${shots}/calendar-phone.png` });

  // A long press picks a tile up; the finger then moves it half an hour later.
  const tile = page.getByRole("button", { name: /^Calla Dragwell,/ });
  await tile.evaluate((el) => el.scrollIntoView({ block: "center" })); // clear of the edges, which scroll
  const box = await tile.boundingBox();
  if (!box) throw new Error("no tile");
  const cdp = await context.newCDPSession(page);
  const touch = (type: "touchStart" | "touchMove" | "touchEnd", x: number, y: number) =>
    cdp.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] : [{ x, y }] });
  const [tx, ty] = [box.x + box.width / 2, box.y + 10];
  await touch("touchStart", tx, ty);
  await page.waitForTimeout(500);
  for (let i = 1; i <= 8; i += 1) await touch("touchMove", tx, ty + i * 6);
  await touch("touchEnd", tx, ty + 48);
  await expect(tile).toHaveAttribute("aria-label", /11:30 AM–12:30 PM/);

  const x = await xOf(page, "Olive Owner");
  await centerOn(page, 16);
  await page.touchscreen.tap(x, await yAt(page, 16));
  await expect(page.getByRole("form", { name: "New appointment" })).toContainText("4 PM – 4:30 PM");
  await context.close();
});
