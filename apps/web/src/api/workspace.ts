// The workspace's settings (pipelines, currency, SLA hours) and its people, shared by every page.
import type { Schemas } from "@accountable/client";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client.ts";

export type Workspace = Schemas["WorkspaceView"];
export type Member = Schemas["Member"];
export type Pipeline = Schemas["Pipeline"];

export const workspaceQuery = (workspaceId: string) =>
  queryOptions({
    queryKey: ["workspace", workspaceId],
    queryFn: () => unwrap(api.GET("/api/workspaces/{workspaceId}", { params: { path: { workspaceId } } })),
    staleTime: 5 * 60_000,
  });

export const useWorkspace = (workspaceId: string) => useQuery(workspaceQuery(workspaceId));

/** Every member of the workspace (a workspace has hundreds at most: one page of 500). */
export const membersQuery = (workspaceId: string) =>
  queryOptions({
    queryKey: ["members", workspaceId],
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/members", {
          params: { path: { workspaceId }, query: { limit: 500, sort: "name" } },
        }),
      ).then((page) => page.items),
    staleTime: 5 * 60_000,
  });

export const useMembers = (workspaceId: string) => useQuery(membersQuery(workspaceId));

/** Member id → name, for showing owners and assignees. */
export function useMemberNames(workspaceId: string): (memberId: string) => string {
  const members = useMembers(workspaceId).data;
  return (id) => members?.find((m) => m.id === id)?.name ?? id;
}
