// The signed-in member's inbox (what waits on them, derived by the domain) and marking its items read.
import type { Schemas } from "@accountable/client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client.ts";

export type Inbox = Schemas["Inbox"];
export type InboxItem = Schemas["InboxItem"];

/** The inbox; refreshed every minute so the header's count follows what others do. */
export function useInbox(workspaceId: string) {
  return useQuery({
    queryKey: ["inbox", workspaceId],
    queryFn: () =>
      unwrap(api.GET("/api/workspaces/{workspaceId}/inbox", { params: { path: { workspaceId } } })),
    refetchInterval: 60_000,
  });
}

export function useMarkInbox(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { readonly keys: readonly string[] | "all"; readonly unread?: boolean }) =>
      unwrap(
        api.POST("/api/workspaces/{workspaceId}/inbox/read", {
          params: { path: { workspaceId } },
          body: {
            keys: input.keys === "all" ? "all" : [...input.keys],
            ...(input.unread ? { unread: true } : {}),
          },
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ["inbox", workspaceId] }),
  });
}
