// A titled card for a page section; the title is a heading, so screen-reader users can jump between sections.
import { Badge, Card, Group, Title } from "@mantine/core";
import type { ReactNode } from "react";

export function SectionCard(props: {
  readonly title: string;
  readonly count?: number | undefined;
  readonly children: ReactNode;
  readonly testId?: string;
}) {
  const id = `section-${props.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={id} data-testid={props.testId}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id={id}>
          {props.title}
        </Title>
        {props.count !== undefined && (
          <Badge variant="light" aria-label={`${props.count} items`}>
            {props.count}
          </Badge>
        )}
      </Group>
      {props.children}
    </Card>
  );
}
