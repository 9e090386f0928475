import { useQuery } from "@tanstack/react-query";
import { ClipboardList, Plus, Receipt } from "lucide-react";
import { type ReactNode, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { AddProduct } from "./add-product";
import { type DraftLine, otherLine, productLine } from "./draft";
import { billingSettingsQuery, type Invoice } from "./invoice-api";
import { LineHeadings, LineRow } from "./line-row";
import { formatMoney } from "./money";
import { quantityWithUnit } from "./quantity";
import type { Totals } from "./totals";
import type { DraftEditor } from "./use-draft";

/** The draft's lines, edited in place, with a product from the catalogue or a free line. */
export function EditableLines({
  editor,
  totals,
  currency,
  more,
}: {
  editor: DraftEditor;
  totals: Totals;
  currency: string;
  /** Other ways to add to the invoice (a membership sold at checkout). */
  more?: ReactNode;
}) {
  const settings = useQuery(billingSettingsQuery);
  const [added, setAdded] = useState<{ key: string; field: "description" | "quantity" } | null>(null);
  const { draft, errors, change } = editor;
  const patch = (key: string, p: Partial<DraftLine>) =>
    change((d) => ({ ...d, lines: d.lines.map((l) => (l.key === key ? { ...l, ...p } : l)) }));
  const add = (line: DraftLine, field: "description" | "quantity") => {
    setAdded({ key: line.key, field });
    change((d) => ({ ...d, lines: [...d.lines, line] }));
  };
  return (
    <Card>
      <CardHeader title="Items" />
      {draft.lines.length ? (
        // biome-ignore lint/a11y/useSemanticElements: the lines restack on a phone (see line-row.tsx)
        <div role="table" aria-label="Invoice lines">
          <LineHeadings />
          {draft.lines.map((line, i) => (
            <LineRow
              key={line.key}
              line={line}
              index={i}
              amountCents={totals.lines[i]?.netCents ?? 0}
              currency={currency}
              errors={errors}
              onChange={(p) => patch(line.key, p)}
              onRemove={() => change((d) => ({ ...d, lines: d.lines.filter((l) => l.key !== line.key) }))}
              focusField={added?.key === line.key ? added.field : undefined}
            />
          ))}
        </div>
      ) : (
        <div className="flex flex-col items-center gap-1 px-6 py-8 text-center">
          <Receipt className="size-5 text-faint" aria-hidden="true" />
          <p className="text-sm font-medium text-ink">Nothing on this invoice yet</p>
          <p className="text-[13px] text-muted">Add a product from the catalogue, or a line of your own.</p>
        </div>
      )}
      {errors.lines ? <p className="px-4 pb-2 text-[13px] text-danger">{errors.lines}</p> : null}
      <div className="flex flex-wrap gap-2 border-t border-line px-4 py-3">
        <AddProduct
          currency={currency}
          onPick={(product) => add(productLine(product, settings.data), "quantity")}
        />
        <Button size="sm" variant="ghost" onClick={() => add(otherLine(settings.data), "description")}>
          <Plus className="size-4" aria-hidden="true" /> Add line
        </Button>
        {more}
      </div>
    </Card>
  );
}

/** An issued (or void) invoice's lines, as they were frozen. */
export function ReadOnlyLines({ invoice }: { invoice: Invoice }) {
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  const th = "px-4 py-2 text-[12px] font-medium text-muted";
  return (
    <Card>
      <CardHeader title="Items" />
      {invoice.lines.length ? (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="border-b border-line text-left">
              <tr>
                <th scope="col" className={th}>
                  Item
                </th>
                <th scope="col" className={`${th} hidden text-right sm:table-cell`}>
                  Qty
                </th>
                <th scope="col" className={`${th} hidden text-right sm:table-cell`}>
                  Unit price
                </th>
                <th scope="col" className={`${th} hidden text-right md:table-cell`}>
                  Discount
                </th>
                <th scope="col" className={`${th} text-right`}>
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {invoice.lines.map((l) => (
                <tr key={l.id} className="border-b border-line last:border-b-0">
                  <td className="px-4 py-3 align-top">
                    <p className="font-medium text-ink">{l.description}</p>
                    <p className="mt-0.5 flex flex-wrap items-center gap-x-2 text-[12px] text-muted">
                      <span className="sm:hidden">
                        {quantityWithUnit(l.quantityMilli, l.unit)} × {money(l.unitPriceCents)}
                      </span>
                      {l.fromChart ? (
                        <span className="flex items-center gap-1">
                          <ClipboardList className="size-3.5" aria-hidden="true" /> From chart
                        </span>
                      ) : null}
                      {l.taxable && !invoice.taxExempt ? <span>Taxed</span> : null}
                      {l.discountCents ? (
                        <span className="md:hidden">{money(-l.discountCents)} off</span>
                      ) : null}
                    </p>
                  </td>
                  <td className="hidden px-4 py-3 text-right align-top whitespace-nowrap tabular-nums sm:table-cell">
                    {quantityWithUnit(l.quantityMilli, l.unit)}
                  </td>
                  <td className="hidden px-4 py-3 text-right align-top tabular-nums sm:table-cell">
                    {money(l.unitPriceCents)}
                  </td>
                  <td className="hidden px-4 py-3 text-right align-top text-muted tabular-nums md:table-cell">
                    {l.discountCents ? money(-l.discountCents) : "—"}
                  </td>
                  <td className="px-4 py-3 text-right align-top font-medium text-ink tabular-nums">
                    {money(l.totalCents)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="px-5 py-6 text-sm text-muted">No items.</p>
      )}
    </Card>
  );
}
