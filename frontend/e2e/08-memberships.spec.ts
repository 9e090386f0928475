import { expect, test } from "@playwright/test";
import { apiAs, env, signIn } from "./helpers";

const shots = "test-results/screenshots";

interface Named {
  id: string;
  name: string;
}

const PLAN = "Facial Trio";

let patientId = "";

test.beforeAll(async () => {
  const owner = await apiAs("owner");

  // A facial, and a package of three of them to use within a year, made by the owner.
  const services = await owner<Named[]>("/services");
  let facial = services.find((s) => s.name === "Signature Facial");
  if (!facial) {
    facial = await owner<Named>("/services", {
      name: "Signature Facial",
      category: "Skin",
      color: "#0c8599",
      chartKind: "skin",
      durationMinutes: 60,
      bufferAfterMinutes: 0,
      priceCents: 18_000,
      needsRoom: false,
      bookableOnline: false,
      roomIds: [],
    });
  }
  const plans = await owner<Named[]>("/membership-plans");
  if (!plans.some((p) => p.name === PLAN)) {
    await owner("/membership-plans", {
      kind: "package",
      name: PLAN,
      description: "Three signature facials, used within a year.",
      priceCents: 45_000,
      billingInterval: "none",
      validityDays: 365,
      memberDiscountBp: 0,
      discountServices: false,
      discountProducts: false,
      creditRolloverMonths: 0,
      benefits: [{ creditKind: "service", serviceId: facial.id, quantityMilli: 3000, amountCents: 0 }],
    });
  }

  const patient = await owner<{ id: string }>("/patients", {
    firstName: "Petra",
    lastName: "Package",
    allowDuplicate: true,
  });
  patientId = patient.id;
});

test("the front desk sells a package from a patient's profile and sees its sessions and ledger", async ({
  page,
}) => {
  await signIn(page, "frontDesk");
  await page.goto(`${env.baseURL}/patients/${patientId}`);
  await expect(page.getByRole("heading", { name: "Petra Package" })).toBeVisible();
  await page.getByRole("tab", { name: "Memberships" }).click();
  await expect(page.getByText("No memberships or packages")).toBeVisible();

  // The plan is picked with its price and what it grants in view.
  await page.getByRole("button", { name: "Enrol", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Enrol in a membership or package" });
  const trio = dialog.getByRole("radio", { name: new RegExp(PLAN) });
  await expect(dialog.getByText("$450.00 once")).toBeVisible();
  await expect(dialog.getByText("3 Signature Facial sessions")).toBeVisible();
  await trio.check();
  await expect(dialog.getByText(/An invoice for \$450\.00 is issued now/)).toBeVisible();
  await dialog.screenshot({ path: `${shots}/memberships-enrol.png` });
  await dialog.getByRole("button", { name: "Enrol", exact: true }).click();
  await expect(dialog).toHaveCount(0);

  // Three sessions left, and the grant in the ledger, by whoever sold it.
  const card = page.getByRole("article", { name: new RegExp(PLAN) });
  await expect(card.getByTestId("membership-status")).toHaveText("Active");
  await expect(card.getByRole("list", { name: "Credits left" })).toContainText("3 sessions left");
  const ledger = card.getByRole("table", { name: `Credit ledger of ${PLAN}` });
  const grant = ledger.getByRole("row").filter({ hasText: "Granted" });
  await expect(grant).toHaveCount(1);
  await expect(grant).toContainText("Signature Facial");
  await expect(grant).toContainText("+3 sessions");
  await expect(grant).toContainText("Dana Desk");
  await page.screenshot({ path: `${shots}/memberships-profile-desktop.png`, fullPage: true });

  // The same tab on the clinic's iPad and on a phone.
  await page.setViewportSize({ width: 1024, height: 1366 });
  await expect(card.getByRole("list", { name: "Credits left" })).toContainText("3 sessions left");
  await page.screenshot({ path: `${shots}/memberships-profile-ipad.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(grant).toContainText("+3 sessions");
  await page.screenshot({ path: `${shots}/memberships-profile-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1366, height: 860 });

  // The sale has an invoice of its own, issued, with the package on it.
  await card.getByRole("link", { name: "Sale invoice" }).click();
  await expect(page).toHaveURL(/\/invoices\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("invoice-status")).toHaveText("Unpaid");
  await expect(page.getByRole("cell", { name: new RegExp(PLAN) })).toBeVisible();
});

test("at checkout, the front desk adds a package to the patient's draft", async ({ page }) => {
  await signIn(page, "frontDesk");
  await page.goto(`${env.baseURL}/patients/${patientId}?tab=billing`);
  await page.getByRole("button", { name: "New sale" }).click();
  await expect(page).toHaveURL(/\/invoices\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Draft invoice" })).toBeVisible();

  await page.getByRole("button", { name: "Sell membership or package" }).click();
  const dialog = page.getByRole("dialog", { name: "Sell a membership or package" });
  await dialog.getByRole("radio", { name: new RegExp(PLAN) }).check();
  await dialog.getByRole("button", { name: "Add to invoice" }).click();
  await expect(dialog).toHaveCount(0);

  // The draft comes back with the package as its line, and is charged like any other.
  await expect(page.getByLabel("Description of line 1")).toHaveValue(PLAN);
  await expect(page.getByTestId("invoice-total")).toHaveText("$450.00");
  await expect(page.getByRole("button", { name: "Charge $450.00" })).toBeVisible();
});
