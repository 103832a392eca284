// Account 360: the service's overview of one account (GET …/accounts/{id}/overview) and the account record.
import type { Account } from "@accountable/domain";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client.ts";

export const accountOverviewQuery = (workspaceId: string, accountId: string) =>
  queryOptions({
    queryKey: ["accounts", workspaceId, accountId, "overview"],
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/accounts/{id}/overview", {
          params: { path: { workspaceId, id: accountId } },
        }),
      ),
    staleTime: 15_000,
  });

export const useAccountOverview = (workspaceId: string, accountId: string) =>
  useQuery(accountOverviewQuery(workspaceId, accountId));

/** One account as the server holds it (the API's record is the domain's Account). */
export function useAccount(workspaceId: string, accountId: string | undefined) {
  return useQuery({
    queryKey: ["accounts", workspaceId, accountId, "record"],
    enabled: accountId !== undefined,
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/accounts/{id}", {
          params: { path: { workspaceId, id: accountId! } },
        }),
      ).then((r) => ({ account: r.state as unknown as Account, version: r.version })),
  });
}
