// Each pipeline with its rules and its stages: probability, forecast category, rotting limit, exit criteria
// (in the domain's words) and who may move deals into the stage.
import { EXIT_CRITERION_LABELS, type WorkspaceSettings } from "@accountable/domain";
import { Badge, Group, Stack, Table, Text } from "@mantine/core";
import { humanize } from "../../ui/format.ts";
import { SectionCard } from "../../ui/section-card.tsx";

type StageKind = WorkspaceSettings["pipelines"][number]["stages"][number]["kind"];
/** A stage's kind in words (it showed the raw open/won/lost); typed by the domain's kinds, so a new one is a type error. */
const STAGE_KIND_WORDS: Readonly<Record<StageKind, string>> = {
  open: "Open",
  won: "Closed won",
  lost: "Closed lost",
};

export function PipelinesPanel(props: { readonly settings: WorkspaceSettings }) {
  return (
    <Stack gap="lg">
      {props.settings.pipelines.map((p) => (
        <SectionCard key={p.id} title={p.name} count={p.stages.length} testId={`pipeline-${p.id}`}>
          <Group gap="xs" mb="sm">
            <Text size="sm">For {p.opportunityTypes.map(humanize).join(", ").toLowerCase()} deals.</Text>
            {p.rules.noSkipping && <Badge variant="light">no skipping stages</Badge>}
            {p.rules.noMovingBack && <Badge variant="light">no moving back</Badge>}
            {p.rules.creationStages.length > 0 && (
              <Badge variant="light">
                new deals start in{" "}
                {p.rules.creationStages
                  .map((id) => p.stages.find((st) => st.id === id)?.label ?? id)
                  .join(", ")}
              </Badge>
            )}
          </Group>
          {/* 640: at 768 px (navigation folded) the table fits the card and wraps its words; 720 cut "Moved by". */}
          <Table.ScrollContainer minWidth={640}>
            <Table striped aria-label={`Stages of ${p.name}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Stage</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th ta="right">Probability</Table.Th>
                  <Table.Th>Forecast category</Table.Th>
                  <Table.Th>Stale after</Table.Th>
                  <Table.Th>To leave it</Table.Th>
                  <Table.Th>Moved by</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p.stages.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td fw={500}>{s.label}</Table.Td>
                    <Table.Td>{STAGE_KIND_WORDS[s.kind]}</Table.Td>
                    <Table.Td ta="right">{s.probability} %</Table.Td>
                    <Table.Td>{humanize(s.forecastCategory)}</Table.Td>
                    <Table.Td>{s.rottingDays === null ? "—" : `${s.rottingDays} days`}</Table.Td>
                    <Table.Td>
                      {s.exitCriteria.length === 0
                        ? "—"
                        : s.exitCriteria.map((c) => EXIT_CRITERION_LABELS[c]).join("; ")}
                    </Table.Td>
                    <Table.Td>
                      {s.movableBy.length === 0 ? "anyone" : s.movableBy.map(humanize).join(", ")}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </SectionCard>
      ))}
    </Stack>
  );
}
