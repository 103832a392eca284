// The inbox: what waits on the signed-in member — approvals their role may give, escalations they own or that
// were escalated to them, tasks assigned to them, their stale deals, their contracts' notice deadlines, the reviews
// of their account plans — overdue
// first. Opening an item marks it read; items can be marked read or unread, one by one or all at once.
import { Badge, Button, Group, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { errorText } from "../../api/client.ts";
import { type InboxItem, useInbox, useMarkInbox } from "../../api/inbox.ts";
import { AGGREGATE_UI } from "../../commands/aggregates.ts";
import { daysUntil, formatDate, relativeDays } from "../../ui/format.ts";
import { AnchorLink } from "../../ui/links.tsx";
import { QueryState } from "../../ui/query-state.tsx";

const route = getRouteApi("/w/$workspaceId/inbox");

const KIND: Record<InboxItem["kind"], { label: string; color: string }> = {
  approval: { label: "Approval", color: "violet" },
  escalation: { label: "Escalation", color: "red" },
  task: { label: "Task", color: "blue" },
  stale_deal: { label: "Stale deal", color: "orange" },
  notice_deadline: { label: "Notice deadline", color: "grape" },
  plan_review: { label: "Plan review", color: "teal" },
};

export function InboxPage() {
  const { workspaceId } = route.useParams();
  const inbox = useInbox(workspaceId);
  const mark = useMarkInbox(workspaceId);
  const [show, setShow] = useState<"all" | "unread">("all");

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="end">
        <div>
          <Title order={1}>Inbox</Title>
          <Text c="dimmed">What waits on you, overdue first.</Text>
        </div>
        <Group>
          <SegmentedControl
            aria-label="Show"
            value={show}
            onChange={(v) => setShow(v as "all" | "unread")}
            data={[
              { value: "all", label: "All" },
              { value: "unread", label: `Unread${inbox.data ? ` (${inbox.data.unread})` : ""}` },
            ]}
          />
          <Button
            variant="light"
            disabled={!inbox.data || inbox.data.unread === 0}
            loading={mark.isPending && mark.variables?.keys === "all"}
            onClick={() => mark.mutate({ keys: "all" })}
          >
            Mark all read
          </Button>
        </Group>
      </Group>
      {mark.isError && (
        <Text c="red" role="alert">
          {errorText(mark.error)}
        </Text>
      )}
      <QueryState query={inbox} label="your inbox">
        {(data) => {
          const items = show === "unread" ? data.items.filter((i) => !i.read) : data.items;
          if (items.length === 0)
            return (
              <Text c="dimmed" data-testid="inbox-empty">
                {show === "unread" ? "Nothing unread." : "Nothing waits on you."}
              </Text>
            );
          return (
            <Table striped highlightOnHover aria-label="Inbox" data-testid="inbox">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>What</Table.Th>
                  <Table.Th>Item</Table.Th>
                  <Table.Th>Account</Table.Th>
                  <Table.Th>Due</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr
                    key={item.key}
                    data-read={item.read}
                    data-testid={`inbox-${item.kind}-${item.recordId}`}
                  >
                    <Table.Td>
                      <Badge color={KIND[item.kind].color} variant={item.read ? "outline" : "filled"}>
                        {KIND[item.kind].label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        {/* A contract opens on its own page, where its approvals are (as the lists open it). */}
                        {item.aggregate === "contract" ? (
                          <AnchorLink
                            to="/w/$workspaceId/contracts/$contractId"
                            params={{ workspaceId, contractId: item.recordId }}
                            fw={item.read ? 400 : 700}
                            onClick={() => !item.read && mark.mutate({ keys: [item.key] })}
                          >
                            {item.title}
                          </AnchorLink>
                        ) : (
                          <AnchorLink
                            to="/w/$workspaceId/records/$collection/$id"
                            params={{
                              workspaceId,
                              collection: AGGREGATE_UI[item.aggregate].collection!,
                              id: item.recordId,
                            }}
                            fw={item.read ? 400 : 700}
                            onClick={() => !item.read && mark.mutate({ keys: [item.key] })}
                          >
                            {item.title}
                          </AnchorLink>
                        )}
                        <Text size="sm" c="dimmed">
                          {item.detail}
                        </Text>
                      </Stack>
                    </Table.Td>
                    <Table.Td>{item.accountName ?? "—"}</Table.Td>
                    <Table.Td>
                      <Text size="sm" {...(item.overdue ? { c: "red" } : {})}>
                        {formatDate(item.due)} · {relativeDays(daysUntil(item.due))}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="subtle"
                        // The visible words first, then which item (axe: the name must contain the visible text).
                        aria-label={`${item.read ? "Mark unread" : "Mark read"}: ${item.title}`}
                        onClick={() => mark.mutate({ keys: [item.key], unread: item.read })}
                      >
                        {item.read ? "Mark unread" : "Mark read"}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          );
        }}
      </QueryState>
    </Stack>
  );
}
