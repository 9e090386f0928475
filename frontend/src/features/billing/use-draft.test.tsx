import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import type { Invoice, InvoiceDraftIn } from "./invoice-api";
import { useDraftEditor } from "./use-draft";

const saves: InvoiceDraftIn[] = [];
let answer: (invoice: Invoice) => void = () => undefined;

vi.mock("@tanstack/react-router", () => ({ useBlocker: () => undefined }));
vi.mock("./invoice-api", async (actual) => ({
  ...(await actual<typeof import("./invoice-api")>()),
  saveDraft: (_id: string, body: InvoiceDraftIn) => {
    saves.push(body);
    return new Promise<Invoice>((resolve) => {
      answer = resolve;
    });
  },
}));

const invoice = {
  id: "inv-1",
  status: "draft",
  lines: [
    {
      id: "l1",
      kind: "other",
      description: "Consultation",
      quantityMilli: 1000,
      unitPriceCents: 5000,
      discountCents: 0,
      taxable: false,
      fromChart: false,
      totalCents: 5000,
      invoiceDiscountCents: 0,
      taxCents: 0,
    },
  ],
  discountKind: "none",
  discountValue: 0,
  taxExempt: false,
  taxRateBp: 0,
} as unknown as Invoice;

function setUp() {
  const client = new QueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return renderHook(() => useDraftEditor(invoice), { wrapper });
}

describe("a draft's autosave", () => {
  beforeEach(() => {
    saves.length = 0;
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it("saves once, half a second after typing stops, and says so", async () => {
    const { result } = setUp();
    const price = (text: string) =>
      act(() => result.current.change((d) => ({ ...d, lines: d.lines.map((l) => ({ ...l, price: text })) })));
    price("6");
    price("60");
    await act(() => vi.advanceTimersByTimeAsync(499));
    expect(saves).toHaveLength(0);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(saves.map((b) => b.lines[0]?.unitPriceCents)).toEqual([6000]);
    expect(result.current.state).toBe("saving");
    await act(async () => answer(invoice));
    expect(result.current.state).toBe("saved");
  });

  it("waits for a save under way, then saves the latest edit before going on", async () => {
    const { result } = setUp();
    act(() => result.current.change((d) => ({ ...d, notes: "first" })));
    await act(() => vi.advanceTimersByTimeAsync(500));
    act(() => result.current.change((d) => ({ ...d, notes: "second" })));
    let flushed: boolean | undefined;
    act(() => {
      void result.current.flush().then((ok) => {
        flushed = ok;
      });
    });
    await act(async () => answer(invoice));
    expect(saves.map((b) => b.notes)).toEqual(["first", "second"]);
    expect(flushed).toBeUndefined();
    await act(async () => answer(invoice));
    expect(flushed).toBe(true);
  });

  it("keeps a half-typed field back and shows why", async () => {
    const { result } = setUp();
    act(() =>
      result.current.change((d) => ({
        ...d,
        discountKind: "percent",
        discountValue: "10",
        discountReason: "",
      })),
    );
    let ok: boolean | undefined;
    await act(async () => {
      ok = await result.current.flush();
    });
    expect(ok).toBe(false);
    expect(saves).toHaveLength(0);
    expect(result.current.state).toBe("invalid");
    expect(result.current.errors.discountReason).toBe("Say why the discount was given.");
    act(() => result.current.change((d) => ({ ...d, discountReason: "Promotion" })));
    expect(result.current.errors.discountReason).toBeUndefined();
  });
});
