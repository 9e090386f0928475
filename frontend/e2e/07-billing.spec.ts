import { expect, test } from "@playwright/test";
import type { ApiCall } from "./api";
import { apiAs, env, setUpBooking, signIn, todayAt } from "./helpers";

const shots = "test-results/screenshots";

// The provider checks out on the clinic's iPad, portrait.
test.use({ viewport: { width: 1024, height: 1366 }, hasTouch: true });

interface Named {
  id: string;
  name: string;
}

/** Books the first free hour of the day: other specs share this clinic's calendar. */
async function bookFirstFree(
  owner: ApiCall,
  body: { patientId: string; providerId: string; serviceId: string },
) {
  for (const hour of [8, 9, 10, 11, 12, 13, 14, 15, 17, 18, 19, 20]) {
    try {
      const booked = await owner<{ appointment: { id: string } }>("/appointments", {
        ...body,
        startsAt: todayAt(hour),
      });
      return booked.appointment.id;
    } catch (error) {
      if (!(error as Error).message.includes("slot_unavailable")) throw error;
    }
  }
  throw new Error("no free hour today");
}

let visit = { appointmentId: "", chartId: "" };

test.beforeAll(async () => {
  const { owner, services, providers } = await setUpBooking();

  // Neurotoxin is billed by the unit charted; Botox costs $14 a unit.
  const neurotoxin = (await owner<(Named & Record<string, unknown>)[]>("/services")).find(
    (s) => s.id === services.Neurotoxin,
  );
  if (!neurotoxin) throw new Error("no Neurotoxin service");
  const { id: _id, sortOrder: _order, archived: _archived, ...service } = neurotoxin;
  await owner(`/services/${neurotoxin.id}`, { ...service, pricing: "per_unit" }, "PUT");

  let botox = (await owner<Named[]>("/products")).find((p) => p.name === "Botox Cosmetic");
  const product = {
    name: "Botox Cosmetic",
    manufacturer: "Allergan",
    kind: "neurotoxin",
    defaultUnit: "units",
  };
  if (!botox) botox = await owner<Named>("/products", product);
  await owner(`/products/${botox.id}`, { ...product, priceCents: 1400, retail: false }, "PUT");
  const nextYear = new Date().getFullYear() + 1;
  const lot = await owner<{ id: string }>(`/products/${botox.id}/lots`, {
    lotNumber: `E2E-BTX-${Date.now()}`,
    expiresOn: `${nextYear}-09-30`,
  });

  // Retail is taxed at 8.87 %; treatments are not.
  const billing = await owner<Record<string, unknown>>("/settings/billing");
  const { currency: _currency, ...settings } = billing;
  await owner(
    "/settings/billing",
    { ...settings, taxRateBp: 887, taxServices: false, taxProducts: true },
    "PUT",
  );

  const patient = await owner<{ id: string }>("/patients", {
    firstName: "Tessa",
    lastName: "Checkout",
    allowDuplicate: true,
  });
  const appointmentId = await bookFirstFree(owner, {
    patientId: patient.id,
    providerId: providers.provider,
    serviceId: services.Neurotoxin ?? "",
  });

  // The provider has charted 32 units: 20 to the glabella, 12 to the forehead.
  const provider = await apiAs("provider");
  const { chartId } = await provider<{ chartId: string }>(
    `/appointments/${appointmentId}/chart`,
    undefined,
    "POST",
  );
  for (const [area, dose] of [
    ["Glabella", "20"],
    ["Forehead", "12"],
  ] as const) {
    await provider(`/charts/${chartId}/entries`, { area, productId: botox.id, lotId: lot.id, dose });
  }
  visit = { appointmentId, chartId };
});

test("a provider checks out a neurotoxin visit and billing finds the paid invoice", async ({
  page,
  browser,
}) => {
  await signIn(page, "provider");
  await page.getByRole("button", { name: /^Tessa Checkout,/ }).click();
  const panel = page.getByRole("complementary", { name: /Tessa Checkout/ });

  // The chart is finished and submitted…
  await panel.getByRole("button", { name: /Open chart/ }).click();
  await expect(page).toHaveURL(new RegExp(`/charts/${visit.chartId}$`));
  await page.getByRole("button", { name: "Submit for sign-off" }).click();
  await expect(page.getByText("Awaiting sign-off")).toBeVisible();

  // …and checkout starts from the visit, with the charted units on the invoice.
  await page.goBack();
  await expect(panel.getByText("Awaiting sign-off")).toBeVisible();
  const checkOut = panel.getByRole("button", { name: "Check out" });
  await checkOut.focus();
  await expect(checkOut).toBeFocused();
  await checkOut.click();
  await expect(page).toHaveURL(/\/invoices\/[0-9a-f-]{36}$/);
  const invoiceUrl = page.url();
  await expect(page.getByRole("heading", { name: "Draft invoice" })).toBeVisible();
  await expect(page.getByLabel(/^Quantity of Botox Cosmetic/)).toHaveValue("32");
  await expect(page.getByLabel("Unit price of Botox Cosmetic")).toHaveValue("14.00");
  await expect(page.getByText("From chart")).toBeVisible();
  await expect(page.getByTestId("invoice-total")).toHaveText("$448.00");

  // Billing fewer units than were charted is flagged, and the chart's units come back in one press.
  const quantity = page.getByLabel(/^Quantity of Botox Cosmetic/);
  await quantity.fill("30");
  await expect(page.getByTestId("invoice-total")).toHaveText("$420.00");
  const differs = page.getByRole("note", { name: "Chart and invoice differ" });
  await expect(differs).toContainText("Charted 32 units, billed 30 units of Botox Cosmetic");
  await differs.screenshot({ path: `${shots}/checkout-chart-difference.png` });
  await differs.getByRole("button", { name: "Update from chart" }).click();
  await expect(differs).toHaveCount(0);
  await expect(quantity).toHaveValue("32");
  await expect(page.getByTestId("invoice-total")).toHaveText("$448.00");

  // 10 % off for a loyal patient: the reason is asked for, then the total follows as typed.
  await page.getByRole("button", { name: "%", exact: true }).click();
  await page.getByLabel("Discount percentage").fill("10");
  await expect(page.getByTestId("invoice-total")).toHaveText("$403.20");
  await expect(page.getByText("Say why the discount was given.")).toBeVisible();
  await page.getByLabel("Reason for the discount").fill("Loyal patient");
  await expect(page.getByText("Say why the discount was given.")).toHaveCount(0);
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();
  await page.screenshot({ path: `${shots}/checkout-ipad.png`, fullPage: true });

  // The same draft on a phone.
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
  });
  const mobile = await phone.newPage();
  await signIn(mobile, "provider");
  await mobile.goto(invoiceUrl);
  await expect(mobile.getByRole("button", { name: "Charge $403.20" })).toBeVisible();
  await expect(mobile.getByLabel("Reason for the discount")).toHaveValue("Loyal patient");
  // What the phone shows: the bar with the total and the charge stays at the bottom.
  await mobile.screenshot({ path: `${shots}/checkout-phone.png` });
  await phone.close();

  // Charge: issued, and the payment asked for at once, the balance and card already chosen.
  await page.getByRole("button", { name: "Charge $403.20" }).click();
  const payment = page.getByRole("dialog", { name: "Record payment" });
  await expect(payment.getByLabel("Amount")).toHaveValue("403.20");
  await expect(payment.getByRole("button", { name: "Card", exact: true })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await payment.screenshot({ path: `${shots}/checkout-payment.png` });
  await payment.getByRole("button", { name: "Record payment" }).click();
  await expect(payment).toHaveCount(0);

  const number = (await page.getByRole("heading", { level: 1 }).textContent())?.trim() ?? "";
  expect(number).toMatch(/^[A-Z0-9-]+\d$/);
  await expect(page.getByTestId("invoice-status")).toHaveText("Paid");
  await expect(page.getByText(/^Paid in full/)).toBeVisible();
  await expect(page.getByTestId("invoice-balance")).toHaveText("$0.00");
  const payments = page.getByRole("list", { name: "Payments and refunds" }).getByRole("listitem");
  await expect(payments).toHaveCount(1);
  await expect(payments).toContainText("Card");
  await expect(payments).toContainText("$403.20");
  await page.screenshot({ path: `${shots}/invoice-paid.png`, fullPage: true });
  // Printed, only the invoice shows.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Download PDF" })).toBeHidden();
  await page.screenshot({ path: `${shots}/invoice-print.png`, fullPage: true });
  await page.emulateMedia({ media: "screen" });

  // Billing finds it among the clinic's invoices and downloads the PDF.
  const desk = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const billing = await desk.newPage();
  await signIn(billing, "billing");
  await billing.goto(`${env.baseURL}/invoices`);
  await billing.getByLabel("Search invoices").fill("Tessa");
  await billing.getByRole("link", { name: new RegExp(`^${number}, Tessa Checkout`) }).click();
  await expect(billing).toHaveURL(invoiceUrl);
  await expect(billing.getByTestId("invoice-status")).toHaveText("Paid");
  const downloading = billing.waitForEvent("download");
  await billing.getByRole("button", { name: "Download PDF" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  await desk.close();
});
