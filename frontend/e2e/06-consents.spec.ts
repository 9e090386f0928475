import { readFileSync } from "node:fs";
import { type CDPSession, expect, type Page, test } from "@playwright/test";
import type { ApiCall } from "./api";
import { apiAs, env, samplePhoto, setUpBooking, signIn, todayAt } from "./helpers";

const shots = "test-results/screenshots";

// The front desk hands the clinic's iPad to the patient: portrait, touch only.
test.use({ viewport: { width: 1024, height: 1366 }, hasTouch: true, isMobile: true });

const FILLER_TEXT = `I understand that hyaluronic-acid filler will be injected to add volume, and that results vary.

## Possible side effects
- Swelling, tenderness and bruising for a few days
- Lumps that usually settle with massage
- **Rarely**, a blocked blood vessel, which the clinic treats at once

## Aftercare
1. Avoid strenuous exercise for 24 hours
2. Avoid heat (sauna, hot yoga) for 48 hours
3. Call the clinic with any concern

I have had the chance to ask questions, and I agree to the treatment.`;

const PHOTO_TEXT = `The clinic may take photographs of the treated area before and after treatment.

- Photos are always part of my clinical record.
- With this release, the clinic may also use them **without my name** on its website and social media.

I can withdraw this release at any time for photos not yet published.`;

interface Named {
  id: string;
  name: string;
}

/** Creates a template, or brings an existing one of that name to this text and these services. */
async function upsertTemplate(
  owner: ApiCall,
  body: { name: string; kind: string; body: string; renewAfterDays?: number; serviceIds: string[] },
) {
  const existing = (await owner<Named[]>("/consent-templates")).find((t) => t.name === body.name);
  if (existing) await owner(`/consent-templates/${existing.id}`, body, "PUT");
  else await owner("/consent-templates", body);
}

/** Books the first free hour of the day: other specs share this clinic's calendar. */
async function bookFirstFree(
  owner: ApiCall,
  body: { patientId: string; providerId: string; serviceId: string },
) {
  for (const hour of [8, 9, 11, 12, 14, 15, 17, 18, 19, 20]) {
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

let filler = { chartPatient: "", chartAppointment: "", productId: "", lotId: "" };

test.beforeAll(async () => {
  const owner = await apiAs("owner");
  const services = await owner<Named[]>("/services");
  if (!services.some((s) => s.name === "Lip Filler")) {
    await owner("/services", {
      name: "Lip Filler",
      category: "Injectables",
      color: "#d6336c",
      chartKind: "injectables",
      durationMinutes: 45,
      bufferAfterMinutes: 0,
      priceCents: 70000,
      needsRoom: false,
      bookableOnline: false,
      roomIds: [],
    });
  }
  // Providers take every service there is, Lip Filler included.
  const { services: ids, providers } = await setUpBooking();
  const lipFiller = ids["Lip Filler"] ?? "";
  await upsertTemplate(owner, {
    name: "Dermal filler consent",
    kind: "filler",
    body: FILLER_TEXT,
    renewAfterDays: 365,
    serviceIds: [lipFiller],
  });
  await upsertTemplate(owner, {
    name: "Photography release",
    kind: "photography",
    body: PHOTO_TEXT,
    serviceIds: [lipFiller],
  });

  const products = await owner<Named[]>("/products");
  let product = products.find((p) => p.name === "Restylane Kysse");
  if (!product) {
    product = await owner<Named>("/products", {
      name: "Restylane Kysse",
      manufacturer: "Galderma",
      kind: "filler",
      defaultUnit: "ml",
    });
  }
  const nextYear = new Date().getFullYear() + 1;
  const lot = await owner<{ id: string }>(`/products/${product.id}/lots`, {
    lotNumber: `E2E-KYS-${Date.now()}`,
    expiresOn: `${nextYear}-03-31`,
  });

  const juniper = await owner<{ id: string }>("/patients", {
    firstName: "Juniper",
    lastName: "Testwell",
    allowDuplicate: true,
  });
  await bookFirstFree(owner, { patientId: juniper.id, providerId: providers.owner, serviceId: lipFiller });
  const rowan = await owner<{ id: string }>("/patients", {
    firstName: "Rowan",
    lastName: "Placeholder",
    allowDuplicate: true,
  });
  const chartAppointment = await bookFirstFree(owner, {
    patientId: rowan.id,
    providerId: providers.provider,
    serviceId: lipFiller,
  });
  filler = { chartPatient: rowan.id, chartAppointment, productId: product.id, lotId: lot.id };
});

/** A signature drawn with a finger: real touch events, through the browser's input pipeline. */
async function drawSignature(page: Page, cdp: CDPSession) {
  const pad = page.getByTestId("signature-pad");
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error("no signature pad");
  const at = (fx: number, fy: number) => ({ x: box.x + box.width * fx, y: box.y + box.height * fy, id: 1 });
  const strokes = [
    // A looping first name…
    Array.from({ length: 40 }, (_, i) => {
      const t = i / 39;
      return at(0.1 + t * 0.45, 0.55 - Math.sin(t * Math.PI * 3) * 0.22 - t * 0.05);
    }),
    // …and a long underline.
    Array.from({ length: 16 }, (_, i) => at(0.5 + (i / 15) * 0.38, 0.68 - (i / 15) * 0.06)),
  ];
  for (const stroke of strokes) {
    const [first, ...rest] = stroke;
    const last = rest.at(-1);
    if (!first || !last) continue;
    await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [first] });
    for (const point of rest) {
      await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [point] });
    }
    // The finger comes to rest before it lifts, as a hand does. Lifting at full speed makes
    // Chromium start a fling, and it swallows the next tap to stop that fling.
    for (let i = 0; i < 4; i += 1) {
      await page.waitForTimeout(30);
      await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [last] });
    }
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  }
}

test("the front desk collects two consents on the iPad and takes it back with a password", async ({
  page,
}) => {
  await signIn(page, "frontDesk");
  await page.getByRole("button", { name: /^Juniper Testwell,/ }).click();
  const panel = page.getByRole("complementary", { name: /Juniper Testwell/ });
  const consents = panel.getByRole("region", { name: "Consents" });
  await expect(consents.getByText("Dermal filler consent")).toBeVisible();
  await expect(consents.getByText("Photography release")).toBeVisible();
  await expect(consents.getByText("Missing")).toHaveCount(2);
  await expect(consents.getByText("2 to sign")).toBeVisible();
  await panel.screenshot({ path: `${shots}/consents-appointment-card.png` });

  // The QR code for the patient's own phone.
  await consents.getByRole("button", { name: "Sign on phone" }).click();
  const qr = page.getByRole("dialog", { name: "Sign on their phone" });
  await expect(qr.getByRole("img", { name: /QR code/ })).toBeVisible();
  await expect(qr.getByRole("textbox", { name: "Signing link" })).toHaveValue(/^http.*\/consent\//);
  await page.keyboard.press("Escape");

  await consents.getByRole("link", { name: "Get signatures" }).click();
  await expect(page).toHaveURL(/\/sign\/[0-9a-f-]{36}\?/);
  await expect(page.getByRole("navigation")).toHaveCount(0);
  await expect(page.getByText("1 of 2")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Dermal filler consent", level: 1 })).toBeVisible();

  // Back is held: staff must unlock first.
  await page.evaluate(() => window.history.back());
  const staffOnly = page.getByRole("dialog", { name: "Staff only" });
  await expect(staffOnly).toBeVisible();
  await expect(page).toHaveURL(/\/sign\//);
  await staffOnly.getByRole("button", { name: "Back to signing" }).click();

  const cdp = await page.context().newCDPSession(page);
  const agree = page.getByRole("button", { name: "I agree and sign" });
  await page.getByLabel("Your full name").fill("Juniper Testwell");
  await expect(agree).toBeDisabled();
  await drawSignature(page, cdp);
  await expect(agree).toBeEnabled();
  await page.screenshot({ path: `${shots}/consents-signing.png` });
  await agree.tap();

  await expect(page.getByText("2 of 2")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Photography release", level: 1 })).toBeVisible();
  // The name carries over; the signature is drawn again for each form.
  await expect(page.getByLabel("Your full name")).toHaveValue("Juniper Testwell");
  await expect(agree).toBeDisabled();
  await drawSignature(page, cdp);
  await agree.tap();

  await expect(page.getByRole("heading", { name: "Thank you — please hand the iPad back" })).toBeVisible();
  await page.screenshot({ path: `${shots}/consents-signing-done.png` });
  await page.getByRole("button", { name: "Staff: hand back" }).tap();
  await staffOnly.getByLabel("Password").fill("not-the-password");
  await staffOnly.getByRole("button", { name: "Unlock" }).click();
  await expect(staffOnly.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await staffOnly.getByLabel("Password").fill(env.users.frontDesk.password);
  await staffOnly.getByRole("button", { name: "Unlock" }).click();

  // Back on the calendar, the appointment open, both consents signed.
  await expect(page).toHaveURL(/\/calendar\?.*appt=/);
  await expect(consents.getByText("All signed")).toBeVisible();
  await expect(consents.getByText("Signed", { exact: true })).toHaveCount(2);
  await expect(consents.getByText(/witnessed by Dana Desk/)).toHaveCount(2);
  await panel.screenshot({ path: `${shots}/consents-appointment-signed.png` });

  await consents.getByRole("button", { name: "View Dermal filler consent" }).click();
  const viewer = page.getByRole("dialog", { name: "Dermal filler consent" });
  await expect(viewer.getByRole("img", { name: "Signature of Juniper Testwell" })).toBeVisible();
  await expect(viewer.getByText("Dana Desk")).toBeVisible();
  await expect(viewer.getByText(/^[0-9a-f]{64}$/)).toHaveCount(2);
  const downloading = page.waitForEvent("download");
  await viewer.getByRole("button", { name: "Download PDF" }).click();
  const download = await downloading;
  const pdf = readFileSync(await download.path());
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(pdf.toString("latin1")).toContain("Juniper Testwell");
  await viewer.screenshot({ path: `${shots}/consents-viewer.png` });
  await page.keyboard.press("Escape");

  // A copy signed by mistake is revoked with a reason: kept, struck, and asked for again.
  await consents.getByRole("button", { name: "View Photography release" }).click();
  const photoViewer = page.getByRole("dialog", { name: "Photography release" });
  await photoViewer.getByRole("button", { name: "Revoke…" }).click();
  await photoViewer.getByLabel("Reason").fill("Patient asked to withdraw the photo release");
  await photoViewer.getByRole("button", { name: "Revoke consent" }).click();
  await expect(photoViewer.getByRole("note")).toContainText("Patient asked to withdraw the photo release");
  await expect(photoViewer.getByRole("button", { name: "Download PDF" })).toBeFocused();
  await photoViewer.getByRole("button", { name: "Close" }).click();
  await expect(consents.getByText("1 to sign")).toBeVisible();
  await expect(consents.getByText("Revoked: Patient asked to withdraw the photo release")).toBeVisible();

  // The patient's record: the signed copies, and the signings and the revocation on the timeline.
  await panel.getByRole("link", { name: "Open patient profile" }).click();
  await expect(page.getByRole("heading", { name: "Juniper Testwell" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Dermal filler consent signed/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /Photography release signed/ })).toContainText(
    "witnessed by Dana Desk",
  );
  await expect(page.getByRole("button", { name: /Photography release revoked/ })).toContainText(
    "by Dana Desk: “Patient asked to withdraw the photo release”",
  );
  await page.screenshot({ path: `${shots}/consents-timeline.png` });
  await page.getByRole("tab", { name: "Consents" }).click();
  const copies = page.getByRole("region", { name: "Signed copies" });
  await expect(copies.getByRole("listitem").filter({ hasText: "Dermal filler consent" })).toContainText(
    "witnessed by Dana Desk",
  );
  await expect(copies.getByRole("button", { name: "Download Photography release as PDF" })).toBeVisible();
  await page.screenshot({ path: `${shots}/consents-patient.png`, fullPage: true });
});

test("a provider is warned of missing consents and submits with a reason", async ({ browser }) => {
  const provider = await apiAs("provider");
  const { chartId } = await provider<{ chartId: string }>(
    `/appointments/${filler.chartAppointment}/chart`,
    undefined,
    "POST",
  );
  await provider(`/charts/${chartId}/entries`, {
    area: "Lips",
    productId: filler.productId,
    lotId: filler.lotId,
    dose: "1",
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, "provider");
  await page.goto(`${env.baseURL}/charts/${chartId}`);
  const warning = page.getByRole("alert").filter({ hasText: "consents aren’t signed" });
  await expect(warning).toContainText("Dermal filler consent");
  await expect(warning).toContainText("Photography release");
  await expect(warning.getByRole("link", { name: "Get signatures" })).toBeVisible();

  // Without a photography release, a photo is for the chart only.
  await page.getByTestId("photo-input").setInputFiles({
    name: "before.png",
    mimeType: "image/png",
    buffer: await samplePhoto(page),
  });
  const photo = page.getByRole("button", { name: /Open before photo.*clinical use only/ });
  await expect(photo).toBeVisible();
  await expect(photo.getByText("Clinical only")).toBeVisible();
  await page.screenshot({ path: `${shots}/consents-chart-warning.png`, fullPage: true });
  await page.getByRole("button", { name: "Actions for this before photo" }).click();
  await page.getByRole("menuitem", { name: "Download for marketing" }).click();
  await expect(page.getByText("This patient hasn’t agreed to marketing use", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Submit for sign-off" }).click();
  const dialog = page.getByRole("dialog", { name: "Submit without every consent?" });
  await expect(dialog).toContainText("Dermal filler consent");
  await dialog
    .getByLabel("Why did treatment go ahead?")
    .fill("Paper consent signed at the front desk; scan attached.");
  await dialog.getByRole("button", { name: "Submit with this reason" }).click();
  await expect(page.getByText("Awaiting sign-off")).toBeVisible();
  await expect(
    page.getByRole("note").filter({ hasText: "Submitted without every required consent" }),
  ).toContainText("Paper consent signed at the front desk");
  await context.close();

  // The medical director reviews it with the reason in plain view.
  const review = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const md = await review.newPage();
  await signIn(md, "director");
  await md.goto(`${env.baseURL}/signoff/${chartId}`);
  await expect(
    md.getByRole("note").filter({ hasText: "Submitted without every required consent" }),
  ).toContainText("Paper consent signed at the front desk");
  const card = md.getByRole("region", { name: "Consents" });
  await expect(card.getByText("Missing")).toHaveCount(2);
  await expect(card.getByText("No signed consents.")).toBeVisible();
  await md.screenshot({ path: `${shots}/consents-signoff-override.png` });
  await review.close();
});

test("the owner writes a consent form and a new version of it", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, "owner");
  await page.goto(`${env.baseURL}/settings/consent-forms`);
  const list = page.getByRole("main");
  await expect(list.getByText("Dermal filler consent")).toBeVisible();
  await expect(list.getByText("Renew every 365 days")).toBeVisible();
  await expect(list.getByText("Until the text changes")).toBeVisible();
  await expect(list.getByText("Required by Lip Filler").first()).toBeVisible();

  await page.getByRole("button", { name: "Add form" }).click();
  let dialog = page.getByRole("dialog", { name: "Add a consent form" });
  await dialog.getByLabel("Name").fill("Chemical peel consent");
  await dialog.getByLabel("Kind").selectOption("peel");
  await dialog.getByLabel("Also every").check();
  await dialog
    .getByLabel("Text", { exact: true })
    .fill(
      "I understand a peel removes the outer layers of skin.\n\n## Afterwards\n- Redness for a few days\n- Flaking skin\n\nI will wear **sunscreen** daily.",
    );
  const preview = dialog.getByRole("region", { name: "What the patient sees" });
  await expect(preview.getByRole("listitem")).toHaveCount(2);
  await expect(preview.getByText("sunscreen")).toHaveJSProperty("tagName", "STRONG");
  await dialog.getByRole("button", { name: "Add consent form" }).click();
  await expect(list.getByText("Chemical peel consent")).toBeVisible();

  await page.getByRole("button", { name: "Edit Chemical peel consent" }).click();
  dialog = page.getByRole("dialog", { name: "Edit Chemical peel consent" });
  await expect(dialog.getByText("Saving will create version")).toHaveCount(0);
  await dialog
    .getByLabel("Text", { exact: true })
    .fill(
      "I understand a peel removes the outer layers of skin.\n\n## Afterwards\n- Redness for a few days\n- Flaking skin\n- Rarely, changes in skin colour\n\nI will wear **sunscreen** daily.",
    );
  await expect(dialog.getByText("Saving will create version 2; signed copies keep their text")).toBeVisible();
  await page.screenshot({ path: `${shots}/consents-template-editor.png` });
  await dialog.getByRole("button", { name: "Save as version 2" }).click();
  await expect(page.getByText("Now version 2.", { exact: true })).toBeVisible();
  await page.screenshot({ path: `${shots}/consents-templates.png` });

  await page.getByRole("button", { name: "Edit Chemical peel consent" }).click();
  dialog = page.getByRole("dialog", { name: "Edit Chemical peel consent" });
  await expect(dialog.getByRole("button", { name: /^v\d/ })).toHaveCount(2);
  await context.close();
});
