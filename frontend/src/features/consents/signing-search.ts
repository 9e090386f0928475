/** What the signing screen is asked for, from its address. */
export interface SigningSearch {
  /** Comma-separated template ids: the consents to sign, in the visit's order. */
  templates?: string | undefined;
  /** Where staff go after taking the device back (the calendar by default). */
  returnTo?: string | undefined;
}

export function validateSigningSearch(search: Record<string, unknown>): SigningSearch {
  return {
    templates: typeof search.templates === "string" && search.templates ? search.templates : undefined,
    returnTo:
      typeof search.returnTo === "string" &&
      search.returnTo.startsWith("/") &&
      !search.returnTo.startsWith("//")
        ? search.returnTo
        : undefined,
  };
}
