// Client accounts: the list and the creation command.
import type { paths, Schemas } from "@accountable/client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client.ts";

export type Account = Schemas["AccountView"];
export type NewAccount = NonNullable<
  paths["/api/workspaces/{workspaceId}/accounts"]["post"]["requestBody"]
>["content"]["application/json"];

export function useAccounts(workspaceId: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ["accounts", workspaceId],
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/accounts", {
          params: { path: { workspaceId }, query: { limit: 200, sort: "name" } },
        }),
      ),
  });
}

export function useCreateAccount(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewAccount) =>
      unwrap(api.POST("/api/workspaces/{workspaceId}/accounts", { params: { path: { workspaceId } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["accounts", workspaceId] }),
  });
}

/** The name of an account already called `name` (ignoring case and surrounding spaces), if there is one. */
export async function findAccountNamed(workspaceId: string, name: string): Promise<string | null> {
  const wanted = name.trim().toLocaleLowerCase();
  if (!wanted) return null;
  // The list's name filter is a case-sensitive prefix: ask with the name as typed and capitalised.
  const prefixes = [
    ...new Set([name.trim(), name.trim().charAt(0).toLocaleUpperCase() + name.trim().slice(1)]),
  ];
  for (const nameStartsWith of prefixes) {
    const page = await unwrap(
      api.GET("/api/workspaces/{workspaceId}/accounts", {
        params: { path: { workspaceId }, query: { nameStartsWith, limit: 50 } },
      }),
    );
    const same = page.items.find((a) => a.name.trim().toLocaleLowerCase() === wanted);
    if (same) return same.name;
  }
  return null;
}
