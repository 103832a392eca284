// The signed-in member's calendar feed: subscribe a calendar app to a secret URL (shown once) holding their
// tasks, client deadlines, planned meetings, notice deadlines and renewals, each with the workspace's reminders;
// rotate the URL when it leaked, or stop the feed.
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { errorText } from "../../api/client.ts";
import { useCalendarFeed, useCreateCalendarFeed, useStopCalendarFeed } from "../../api/settings.ts";
import { formatDateTime } from "../../ui/format.ts";
import { QueryState } from "../../ui/query-state.tsx";
import { SectionCard } from "../../ui/section-card.tsx";
import { ShownOnce } from "../../ui/shown-once.tsx";

export function CalendarPanel(props: {
  readonly workspaceId: string;
  readonly reminderDaysBefore: readonly number[];
}) {
  const status = useCalendarFeed(props.workspaceId);
  const create = useCreateCalendarFeed(props.workspaceId);
  const stop = useStopCalendarFeed(props.workspaceId);
  const [url, setUrl] = useState<string | null>(null);
  const reminders = props.reminderDaysBefore;

  const make = () => create.mutate(undefined, { onSuccess: (feed) => setUrl(feed.url) });

  return (
    <SectionCard title="Your calendar feed" testId="calendar-feed">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Subscribe to your feed in a calendar app (Google Calendar, Outlook, Apple Calendar) to see your
          tasks, client deadlines, planned meetings, notice deadlines and renewals there.{" "}
          {reminders.length === 0
            ? "It carries no reminders."
            : `Each item carries a reminder ${reminders
                .map((d) => (d === 0 ? "when it starts" : d === 1 ? "a day before" : `${d} days before`))
                .join(" and ")}.`}{" "}
          Anyone with the URL can read it: rotate it if it leaked.
        </Text>
        <QueryState query={status} label="your calendar feed">
          {(feed) => (
            <Stack gap="sm">
              <Text size="sm" data-testid="calendar-feed-status">
                {feed.active && feed.createdAt
                  ? `Your feed's URL was created ${formatDateTime(feed.createdAt)}.`
                  : "You have no calendar feed."}
              </Text>
              <Group>
                <Button onClick={make} loading={create.isPending}>
                  {feed.active ? "Rotate the URL" : "Create my feed"}
                </Button>
                {feed.active && (
                  <Button
                    variant="subtle"
                    color="red"
                    loading={stop.isPending}
                    onClick={() => stop.mutate(undefined, { onSuccess: () => setUrl(null) })}
                  >
                    Stop the feed
                  </Button>
                )}
              </Group>
            </Stack>
          )}
        </QueryState>
        {(create.isError || stop.isError) && (
          <Alert color="red" role="alert">
            {errorText(create.error ?? stop.error)}
          </Alert>
        )}
        {url && (
          <ShownOnce
            title="Your calendar feed's URL"
            value={url}
            what="the URL"
            note="Copy it now into your calendar app: it is shown only once. Rotating it makes this one stop working."
            testId="calendar-feed-url"
            onClose={() => setUrl(null)}
          />
        )}
      </Stack>
    </SectionCard>
  );
}
