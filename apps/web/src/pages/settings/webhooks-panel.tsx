// The workspace's webhooks: subscribe a URL to event types (the signing secret is shown once), list them,
// delete one, and look at a webhook's recent deliveries and their attempts.
import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
} from "@mantine/core";
import { type FormEvent, useState } from "react";
import { errorText } from "../../api/client.ts";
import {
  useCreateWebhook,
  useDeleteWebhook,
  useWebhookDeliveries,
  useWebhooks,
  type Webhook,
  type WebhookDelivery,
  type WebhookEventType,
} from "../../api/settings.ts";
import { formatDate, formatDateTime } from "../../ui/format.ts";
import { QueryState } from "../../ui/query-state.tsx";
import { SectionCard } from "../../ui/section-card.tsx";
import { ShownOnce } from "../../ui/shown-once.tsx";

const DELIVERY_COLORS: Record<WebhookDelivery["status"], string> = {
  pending: "yellow",
  delivered: "green",
  failed: "red",
  cancelled: "gray",
};

export function WebhooksPanel(props: { readonly workspaceId: string }) {
  const { workspaceId } = props;
  const hooks = useWebhooks(workspaceId);
  const create = useCreateWebhook(workspaceId);
  const remove = useDeleteWebhook(workspaceId);
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(["*"]);
  const [secret, setSecret] = useState<string | null>(null);
  const [watching, setWatching] = useState<Webhook | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      // The server checks the names against the domain's event types and says which one it does not know.
      { url, events: (events.length === 0 ? ["*"] : events) as WebhookEventType[] },
      {
        onSuccess: (created) => {
          setSecret(created.secret);
          setUrl("");
          setEvents(["*"]);
        },
      },
    );
  };

  return (
    <SectionCard title="Webhooks" count={hooks.data?.length} testId="webhooks">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Each delivery is a signed JSON POST of one event (<Code>Accountable-Signature</Code>: an HMAC-SHA256
          with the webhook's secret); failures are retried with backoff.
        </Text>
        <form onSubmit={submit} aria-label="New webhook">
          <Group align="end" wrap="wrap">
            <TextInput
              label="URL"
              type="url"
              required
              placeholder="https://example.com/hooks/accountable"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              w={360}
            />
            <TagsInput
              label="Event types"
              description="* for every event, or names such as ContractSigned"
              value={events}
              onChange={setEvents}
              w={360}
            />
            <Button type="submit" loading={create.isPending}>
              Add webhook
            </Button>
          </Group>
        </form>
        {create.isError && (
          <Alert color="red" role="alert">
            {errorText(create.error)}
          </Alert>
        )}
        {secret && (
          <ShownOnce
            title="The webhook's signing secret"
            value={secret}
            what="the secret"
            note="Keep it with the receiver: it is shown only once."
            testId="webhook-secret"
            onClose={() => setSecret(null)}
          />
        )}
        <QueryState query={hooks} label="webhooks">
          {(items) =>
            items.length === 0 ? (
              <Text c="dimmed">No webhook yet.</Text>
            ) : (
              <Table striped aria-label="Webhooks">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>URL</Table.Th>
                    <Table.Th>Events</Table.Th>
                    <Table.Th>Created</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((h) => (
                    <Table.Tr key={h.id}>
                      <Table.Td style={{ wordBreak: "break-all" }}>{h.url}</Table.Td>
                      <Table.Td>{h.events.join(", ")}</Table.Td>
                      <Table.Td>{formatDate(h.createdAt)}</Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button size="xs" variant="subtle" onClick={() => setWatching(h)}>
                            Deliveries
                          </Button>
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            aria-label={`Delete the webhook to ${h.url}`}
                            loading={remove.isPending && remove.variables === h.id}
                            onClick={() => remove.mutate(h.id)}
                          >
                            Delete
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </QueryState>
      </Stack>
      <Modal
        opened={watching !== null}
        onClose={() => setWatching(null)}
        title={watching ? `Deliveries to ${watching.url}` : ""}
        size="xl"
      >
        {watching && <Deliveries workspaceId={workspaceId} webhookId={watching.id} />}
      </Modal>
    </SectionCard>
  );
}

function Deliveries(props: { readonly workspaceId: string; readonly webhookId: string }) {
  const deliveries = useWebhookDeliveries(props.workspaceId, props.webhookId);
  return (
    <QueryState query={deliveries} label="deliveries">
      {(items) =>
        items.length === 0 ? (
          <Text c="dimmed">Nothing delivered yet.</Text>
        ) : (
          <Table striped aria-label="Deliveries">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Event</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th ta="right">Attempts</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Next attempt / finished</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    {d.eventType}
                    <Text size="xs" c="dimmed">
                      {d.streamId} v{d.version}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={DELIVERY_COLORS[d.status]} variant="light">
                      {d.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{d.attempts}</Table.Td>
                  <Table.Td>{formatDateTime(d.createdAt)}</Table.Td>
                  <Table.Td>
                    {d.finishedAt
                      ? formatDateTime(d.finishedAt)
                      : d.nextAttemptAt
                        ? formatDateTime(d.nextAttemptAt)
                        : "—"}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )
      }
    </QueryState>
  );
}
