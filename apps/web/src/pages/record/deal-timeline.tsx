// A deal's timeline: the calls, e-mails, meetings and notes logged on it, with what was written on each (the same
// card as the account's timeline, so both read alike).
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client.ts";
import { accountFactsQuery } from "../../api/opportunities.ts";
import { QueryState } from "../../ui/query-state.tsx";
import { TimelineCard } from "../account/account-sections.tsx";

export function DealTimeline(props: {
  readonly workspaceId: string;
  readonly dealId: string;
  readonly accountId: string;
  readonly memberName: (memberId: string) => string;
}) {
  const { workspaceId, dealId, accountId } = props;
  const activities = useQuery({
    queryKey: ["activities", workspaceId, "deal-timeline", dealId],
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/activities", {
          params: {
            path: { workspaceId },
            query: { opportunityId: dealId, sort: "at", order: "desc", limit: 100 },
          },
        }),
      ),
  });
  const contacts = useQuery(accountFactsQuery(workspaceId, accountId)).data?.contacts;
  const contactName = (id: string) => contacts?.find((c) => c.id === id)?.name ?? id;
  return (
    <QueryState query={activities} label="the deal's timeline">
      {(page) => (
        <TimelineCard
          activities={page.items}
          name={props.memberName}
          contactName={contactName}
          testId="deal-timeline"
        />
      )}
    </QueryState>
  );
}
