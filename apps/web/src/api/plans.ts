// An account's plans (GET …/plans?accountId=) and its whitespace (GET …/accounts/{id}/whitespace): what the
// account page's "Account plan" section shows. Commands on a plan go through the generic command forms.
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client.ts";

export const accountPlansQuery = (workspaceId: string, accountId: string) =>
  queryOptions({
    queryKey: ["plans", workspaceId, accountId],
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/plans", {
          params: {
            path: { workspaceId },
            query: { accountId, sort: "periodStart", order: "desc", limit: 20 },
          },
        }),
      ).then((p) => p.items),
  });

export const useAccountPlans = (workspaceId: string, accountId: string) =>
  useQuery(accountPlansQuery(workspaceId, accountId));

export const useWhitespace = (workspaceId: string, accountId: string) =>
  useQuery({
    queryKey: ["accounts", workspaceId, accountId, "whitespace"],
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/accounts/{id}/whitespace", {
          params: { path: { workspaceId, id: accountId } },
        }),
      ),
    staleTime: 15_000,
  });
