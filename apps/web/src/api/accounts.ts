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
