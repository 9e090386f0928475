import { useQuery } from "@tanstack/react-query";
import { Check, Plus, Tag as TagIcon } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { useToast } from "@/components/ui/toast";
import { type Patient, tagsQuery, useCreateTag, useTagPatient } from "./api";

const COLORS = ["#6d5bd0", "#d6336c", "#1c7ed6", "#2f9e44", "#e0a800", "#e8590c", "#0c8599", "#868e96"];

/** Tags on and off a patient, and new tags on the spot. */
export function TagEditor({ patient }: { patient: Patient }) {
  const tags = useQuery(tagsQuery);
  const toggle = useTagPatient(patient.id);
  const create = useCreateTag();
  const toast = useToast();
  const [name, setName] = useState("");
  const on = new Set(patient.tags.map((t) => t.id));

  const flip = (tagId: string) =>
    toggle.mutate(
      { tagId, on: !on.has(tagId) },
      { onError: (e) => toast.error(e, "Couldn’t change the tag") },
    );

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    try {
      const color = COLORS[(tags.data?.length ?? 0) % COLORS.length] ?? "#6d5bd0";
      const tag = await create.mutateAsync({ name: trimmed, color });
      await toggle.mutateAsync({ tagId: tag.id, on: true });
      setName("");
    } catch (e) {
      toast.error(e, "Couldn’t add the tag");
    }
  };

  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button size="sm" variant="ghost" aria-label="Edit tags">
          <TagIcon className="size-3.5" aria-hidden="true" /> Tags
        </Button>
      </PopoverTrigger>
      <PopoverContent>
        <p className="px-2 pt-1 pb-2 text-xs font-medium text-muted">Tags</p>
        <ul className="max-h-64 overflow-y-auto">
          {tags.data?.map((t) => (
            <li key={t.id}>
              <button
                type="button"
                onClick={() => flip(t.id)}
                className="flex h-9 w-full items-center gap-2.5 rounded-lg px-2 text-left text-sm text-ink-soft hover:bg-black/5"
                aria-pressed={on.has(t.id)}
              >
                <span
                  className="size-2.5 rounded-full"
                  style={{ backgroundColor: t.color }}
                  aria-hidden="true"
                />
                <span className="flex-1">{t.name}</span>
                {on.has(t.id) ? <Check className="size-4 text-brand" aria-hidden="true" /> : null}
              </button>
            </li>
          ))}
        </ul>
        <form onSubmit={(e) => void add(e)} className="mt-2 flex gap-1.5 border-t border-line pt-2">
          <Input
            aria-label="New tag"
            placeholder="New tag"
            className="h-8"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <Button
            type="submit"
            size="sm"
            busy={create.isPending}
            disabled={!name.trim()}
            aria-label="Add tag"
          >
            <Plus className="size-4" aria-hidden="true" />
          </Button>
        </form>
      </PopoverContent>
    </Popover>
  );
}
