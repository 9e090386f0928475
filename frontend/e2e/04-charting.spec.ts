import { expect, test } from "@playwright/test";
import { env, samplePhoto, setUpBooking, signIn, todayAt } from "./helpers";

const shots = "test-results/screenshots";

test.beforeAll(async () => {
  const { owner, services, providers } = await setUpBooking();
  const products = await owner<{ name: string }[]>("/products");
  if (!products.some((p) => p.name === "Botox Cosmetic")) {
    const product = await owner<{ id: string }>("/products", {
      name: "Botox Cosmetic",
      manufacturer: "Allergan",
      kind: "neurotoxin",
      defaultUnit: "units",
    });
    const nextYear = new Date().getFullYear() + 1;
    await owner(`/products/${product.id}/lots`, { lotNumber: "E2E-BTX-1", expiresOn: `${nextYear}-06-30` });
  }
  const patient = await owner<{ id: string }>("/patients", {
    firstName: "Nina",
    lastName: "Charted",
    allowDuplicate: true,
  });
  await owner(`/patients/${patient.id}/allergies`, { substance: "Lidocaine", severity: "moderate" });
  await owner("/appointments", {
    patientId: patient.id,
    providerId: providers.provider,
    serviceId: services.Neurotoxin,
    startsAt: todayAt(16),
  });
});

test("a provider charts a neurotoxin visit and the medical director signs it", async ({ page, browser }) => {
  await signIn(page, "provider");
  // From the calendar: the visit, check in, start the chart.
  await page.getByRole("button", { name: /^Nina Charted,/ }).click();
  const panel = page.getByRole("complementary", { name: /Nina Charted/ });
  await panel.getByRole("button", { name: "Check in" }).click();
  await expect(panel.getByText("Checked in")).toBeVisible();
  await panel.getByRole("button", { name: "Start chart" }).click();
  await expect(page).toHaveURL(/\/charts\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Nina Charted" })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "Lidocaine" })).toBeVisible();

  // 20 units to the glabella from the lot on the shelf.
  await page.getByRole("button", { name: "Glabella", exact: true }).click();
  await page.getByLabel("Area", { exact: true }).fill("Glabella");
  await page.getByLabel("Product", { exact: true }).selectOption({ label: "Botox Cosmetic" });
  await page.getByLabel("Lot", { exact: true }).selectOption({ index: 1 });
  await page.getByLabel("Dose", { exact: true }).fill("20");
  await page.getByRole("button", { name: "Add to chart" }).click();
  await expect(page.getByRole("cell", { name: "20 units" })).toBeVisible();
  await expect(page.getByTestId("totals-by-product")).toContainText("20 units");
  await page.getByLabel("Technique").fill("Reconstituted with 2.5 mL saline; tolerated well.");
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();

  // A before photo, with three numbered points.
  await page.getByTestId("photo-input").setInputFiles({
    name: "before-front.png",
    mimeType: "image/png",
    buffer: await samplePhoto(page),
  });
  const photo = page.getByRole("button", { name: /Open before photo/ });
  await expect(photo).toBeVisible();
  await expect(photo.locator("img")).toHaveJSProperty("complete", true);
  await photo.click();
  const surface = page.getByTestId("annotation-surface");
  await expect(surface.locator("img")).toBeVisible();
  const box = await surface.boundingBox();
  if (!box) throw new Error("no photo to mark");
  for (const [fx, fy] of [
    [0.4, 0.3],
    [0.6, 0.3],
    [0.5, 0.45],
  ] as const) {
    await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
  }
  await expect(page.getByText("Points (3)")).toBeVisible();
  await page.getByLabel("Point 3 label").fill("Procerus");
  await page.getByLabel("Point 3 dose").fill("4 units");
  await page.getByLabel("Point 3 dose").blur();
  await page.screenshot({ path: `${shots}/photo-markup.png` });
  await page.getByRole("button", { name: "Save markup" }).click();
  await expect(page.getByText("Markup saved (version 1)").first()).toBeVisible();
  await page.getByRole("button", { name: "Close", exact: true }).click();
  await expect(page.getByRole("button", { name: /Open before photo, marked up/ })).toBeVisible();
  await page.screenshot({ path: `${shots}/chart-draft.png`, fullPage: true });

  await page.getByRole("button", { name: "Submit for sign-off" }).click();
  await expect(page.getByText("Awaiting sign-off")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add to chart" })).toHaveCount(0);
  const chartUrl = page.url();

  // The medical director, from the queue: review, sign, done.
  const director = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const md = await director.newPage();
  await signIn(md, "director");
  await md.getByRole("link", { name: /Sign-off/ }).click();
  await md.getByRole("link", { name: /Nina Charted/ }).click();
  await expect(md.getByRole("alert").filter({ hasText: "Lidocaine" })).toBeVisible();
  await expect(md.getByRole("cell", { name: "20 units" })).toBeVisible();
  await md.screenshot({ path: `${shots}/signoff-review.png`, fullPage: true });
  await md.getByRole("button", { name: "Sign and next" }).click();
  await expect(md.getByText("All caught up")).toBeVisible();

  await md.goto(chartUrl);
  await expect(md.getByText("Signed by Dr. Mara Director, medical director")).toBeVisible();
  await md.getByRole("button", { name: "Verify" }).click();
  await expect(md.getByText("Verified: the record is exactly as signed")).toBeVisible();
  await md.screenshot({ path: `${shots}/chart-signed.png`, fullPage: true });
  await director.close();

  // The provider sees it signed, and it shows on the patient's timeline.
  await page.reload();
  await expect(page.getByText("Signed", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Nina Charted" }).click();
  await expect(page.getByRole("link", { name: /Injectables chart · Neurotoxin/ })).toContainText("1 photo");
  void env;
});
