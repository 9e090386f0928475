import { useQueryClient } from "@tanstack/react-query";
import { useBlocker } from "@tanstack/react-router";
import { useCallback, useEffect, useRef, useState } from "react";
import { asProblem } from "@/api/problem";
import { bodyOf, check, type Draft, type DraftErrors, draftOf, errorsFrom } from "./draft";
import { type Invoice, invoiceQuery, saveDraft, useStoreSaved } from "./invoice-api";

export type SaveState = "idle" | "saving" | "saved" | "invalid" | "error";

const SAVE_AFTER_MS = 500;

export interface DraftEditor {
  draft: Draft;
  /** Problems to show beside their fields. */
  errors: DraftErrors;
  state: SaveState;
  change: (update: (draft: Draft) => Draft) => void;
  /** Saves what is typed now, waiting for saves under way; false if it couldn't be saved. */
  flush: () => Promise<boolean>;
  /** Starts again from the server's invoice (after it changed the lines itself). */
  reset: (invoice: Invoice) => void;
}

/**
 * A draft invoice edited in place and saved by itself: the whole draft a moment after typing
 * stops, one save at a time and in order, so the last edit always wins. What is typed is never
 * lost: leaving the screen saves it, and closing the tab with a save pending asks first.
 */
export function useDraftEditor(invoice: Invoice): DraftEditor {
  const id = invoice.id;
  const [draft, setDraft] = useState(() => draftOf(invoice));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [state, setState] = useState<SaveState>("idle");
  const current = useRef(draft);
  const version = useRef(0);
  const saved = useRef(0);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const timer = useRef<number | undefined>(undefined);
  const store = useStoreSaved();
  const client = useQueryClient();

  const flush = useCallback((): Promise<boolean> => {
    window.clearTimeout(timer.current);
    const run = queue.current.then(async () => {
      while (saved.current !== version.current) {
        const v = version.current;
        const d = current.current;
        const problems = check(d);
        if (Object.keys(problems).length) {
          setErrors(problems);
          setState("invalid");
          return false;
        }
        setState("saving");
        try {
          store(await saveDraft(id, bodyOf(d)));
          saved.current = v;
        } catch (error) {
          const problem = asProblem(error);
          setErrors(errorsFrom(problem.fields, d));
          setState("error");
          // Issued or voided elsewhere: show it as it now is.
          if (problem.code === "invoice_issued" || problem.code === "invoice_void") {
            saved.current = version.current;
            void client.invalidateQueries({ queryKey: invoiceQuery(id).queryKey });
          }
          return false;
        }
      }
      setErrors({});
      setState((s) => (s === "saving" ? "saved" : s));
      return true;
    });
    queue.current = run.catch(() => undefined);
    return run;
  }, [id, store, client]);

  const change = useCallback(
    (update: (draft: Draft) => Draft) => {
      const next = update(current.current);
      current.current = next;
      version.current += 1;
      setDraft(next);
      // Shown problems go away as they are fixed; new ones wait for the save.
      setErrors((shown) => {
        if (!Object.keys(shown).length) return shown;
        const now = check(next);
        return Object.fromEntries(Object.entries(now).filter(([k]) => k in shown));
      });
      setState((s) => (s === "saved" ? "idle" : s));
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void flush(), SAVE_AFTER_MS);
    },
    [flush],
  );

  const reset = useCallback((invoice: Invoice) => {
    window.clearTimeout(timer.current);
    const next = draftOf(invoice);
    current.current = next;
    saved.current = version.current;
    setDraft(next);
    setErrors({});
  }, []);

  // Leaving the screen saves what was typed first; what can't be saved (a half-typed amount)
  // is only left behind when the person says so. Closing the tab with a save pending asks.
  const pending = () => saved.current !== version.current;
  useBlocker({
    shouldBlockFn: async ({ next }) => {
      // A session that ended goes to sign-in regardless.
      if (!pending() || next.pathname === "/login") return false;
      if (await flush()) return false;
      return !window.confirm("A change to this invoice can’t be saved yet. Leave without it?");
    },
    enableBeforeUnload: pending,
  });
  const flushRef = useRef(flush);
  flushRef.current = flush;
  useEffect(
    () => () => {
      if (saved.current !== version.current) void flushRef.current();
    },
    [],
  );

  return { draft, errors, state, change, flush, reset };
}
