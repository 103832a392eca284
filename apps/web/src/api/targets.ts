// Target lists: the workspace's lists (GET …/targets), a list's funnel report (GET …/targets/{id}/funnel: the
// service's TargetListReport as the member reads it), and adding the accounts its criteria match (GET …/add-matching
// previews, POST adds), and importing accounts named in pasted lines or a CSV file (POST …/import, a dry run first).
// The lists' own commands go through the generic command forms.
import type { Schemas } from "@accountable/client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client.ts";

export type TargetItem = Schemas["TargetItem"];
export type TargetFunnel = Schemas["TargetListReport"];
export type TargetAddMatching = Schemas["TargetAddMatching"];
export type TargetImportRequest = Schemas["TargetImportRequest"];
export type TargetImportResult = Schemas["TargetImportResult"];

export const useTargetLists = (workspaceId: string) =>
  useQuery({
    queryKey: ["targets", workspaceId, "lists"],
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/targets", {
          params: { path: { workspaceId }, query: { limit: 200, sort: "name" } },
        }),
      ).then((p) => p.items),
  });

export const useTargetFunnel = (workspaceId: string, listId: string) =>
  useQuery({
    queryKey: ["targets", workspaceId, listId, "funnel"],
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/targets/{id}/funnel", {
          params: { path: { workspaceId, id: listId } },
        }),
      ),
  });

/** The accounts the list's criteria would add now: asked only when `enabled` (the button was pressed). */
export const useMatchingPreview = (workspaceId: string, listId: string, enabled: boolean) =>
  useQuery({
    enabled,
    queryKey: ["targets", workspaceId, listId, "add-matching"],
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/targets/{id}/add-matching", {
          params: { path: { workspaceId, id: listId } },
        }),
      ),
    staleTime: 0,
  });

export function useAddMatching(workspaceId: string, listId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/workspaces/{workspaceId}/targets/{id}/add-matching", {
          params: { path: { workspaceId, id: listId } },
        }),
      ),
    onSuccess: () => qc.invalidateQueries(),
  });
}

/** Imports the accounts a body names (rows, or CSV text and its column); `dryRun` previews, writing nothing. */
export function useTargetImport(workspaceId: string, listId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TargetImportRequest) =>
      unwrap(
        api.POST("/api/workspaces/{workspaceId}/targets/{id}/import", {
          params: { path: { workspaceId, id: listId } },
          body,
        }),
      ),
    onSuccess: (done) => {
      if (!done.dryRun) void qc.invalidateQueries();
    },
  });
}
