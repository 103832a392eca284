// The client report of an account for a period (GET …/accounts/{id}/client-report): the data the CLI's
// `accountable report client` renders.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client.ts";

export function useClientReport(workspaceId: string, accountId: string, period: string) {
  return useQuery({
    queryKey: ["accounts", workspaceId, accountId, "client-report", period],
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/accounts/{id}/client-report", {
          params: { path: { workspaceId, id: accountId }, query: { period } },
        }),
      ),
  });
}
