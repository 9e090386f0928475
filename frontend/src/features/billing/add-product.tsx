import { useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { Package, Search } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { type Product, productsQuery } from "./invoice-api";
import { formatMoney } from "./money";
import { perUnit } from "./quantity";

/** Products with a price, retail first, then by name. */
export function sellable(products: Product[]): Product[] {
  return products
    .filter((p) => !p.archived && p.priceCents !== undefined)
    .sort((a, b) => Number(b.retail) - Number(a.retail) || a.name.localeCompare(b.name));
}

/** "Add product": find one from the catalogue as you type. */
export function AddProduct({ currency, onPick }: { currency: string; onPick: (product: Product) => void }) {
  const [open, setOpen] = useState(false);
  const products = useQuery({ ...productsQuery, enabled: open });
  const list = sellable(products.data ?? []);
  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <Button size="sm">
          <Package className="size-4" aria-hidden="true" /> Add product
        </Button>
      </PopoverTrigger>
      <PopoverContent className="w-80 p-0">
        <Command label="Products" loop>
          <div className="flex items-center gap-2 border-b border-line px-3">
            <Search className="size-4 shrink-0 text-muted" aria-hidden="true" />
            <Command.Input
              placeholder="Find a product…"
              className="h-10 w-full bg-transparent text-sm text-ink outline-none placeholder:text-faint"
            />
          </div>
          <Command.List className="max-h-72 overflow-y-auto p-1">
            <Command.Empty className="px-3 py-6 text-center text-[13px] text-muted">
              {products.isPending
                ? "Loading products…"
                : list.length
                  ? "No product matches."
                  : "No products have a price yet. Set prices in Settings → Products."}
            </Command.Empty>
            {list.map((p) => (
              <Command.Item
                key={p.id}
                value={`${p.name} ${p.manufacturer ?? ""} ${p.id}`}
                onSelect={() => {
                  onPick(p);
                  setOpen(false);
                }}
                className="flex cursor-default items-center gap-3 rounded-lg px-2.5 py-2 text-sm data-[selected=true]:bg-brand-soft"
              >
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium text-ink">{p.name}</span>
                  <span className="block truncate text-[12px] text-muted">
                    {[p.retail ? "Retail" : null, p.manufacturer].filter(Boolean).join(" · ") || "Treatment"}
                  </span>
                </span>
                <span className="text-right text-[13px] whitespace-nowrap text-ink-soft tabular-nums">
                  {formatMoney(p.priceCents ?? 0, currency)}
                  <span className="block text-[11px] text-muted">{perUnit(p.defaultUnit)}</span>
                </span>
              </Command.Item>
            ))}
          </Command.List>
        </Command>
      </PopoverContent>
    </Popover>
  );
}
