import { queryOptions, useQuery, useSuspenseQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { api, setCsrfToken, unwrap } from "@/api/client";
import type { components } from "@/api/generated/schema";

export type Me = components["schemas"]["MeOut"];
export type Clinic = components["schemas"]["ClinicOut"];

/** Query keys start with the clinic's host, so nothing cached can cross clinics. */
export const clinicRoot = typeof window === "undefined" ? "test" : window.location.host;

export const meQuery = queryOptions({
  queryKey: [clinicRoot, "me"],
  queryFn: async () => {
    const me = await unwrap(api.GET("/me"));
    setCsrfToken(me.csrfToken);
    return me;
  },
  staleTime: 60_000,
  retry: false,
});

export const clinicQuery = queryOptions({
  queryKey: [clinicRoot, "clinic"],
  queryFn: () => unwrap(api.GET("/clinic")),
  staleTime: 5 * 60_000,
});

export function useMe(): Me {
  return useSuspenseQuery(meQuery).data;
}

export function useClinic(): Clinic | undefined {
  return useQuery(clinicQuery).data;
}

/** Every permission the server knows, as `resource:action` (from the API's spec). */
export type Permission = components["schemas"]["PermissionName"];

/** Whether the signed-in user's role holds a permission. The UI hides what would be refused;
 * the server checks every request regardless. */
export function useCan(permission: Permission): boolean {
  return useMe().permissions.includes(permission);
}

export function Can({ permission, children }: { permission: Permission; children: ReactNode }) {
  return useCan(permission) ? children : null;
}

/** Applies the clinic's brand colour to the whole app. */
export function applyBrand(color: string | undefined) {
  if (color && /^#[0-9a-f]{6}$/i.test(color)) document.documentElement.style.setProperty("--brand", color);
}
