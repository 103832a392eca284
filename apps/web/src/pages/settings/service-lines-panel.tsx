// Service lines: the firm's catalog of what it sells (an agency's creative, media…; an IT firm's towers). It is
// offered when a deal or a tower names its line, and every account's whitespace lists each line of it — so a line
// never sold shows as "not offered". Those who may change settings edit it here; the new settings are checked with
// the domain's schema before update-settings is sent (If-Match on the workspace's version).
import {
  AGENCY_SERVICE_LINES,
  IT_SERVICE_LINES,
  type WorkspaceSettings,
  WorkspaceSettingsSchema,
} from "@accountable/domain";
import { ActionIcon, Badge, Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useSettingsSave } from "../../api/settings.ts";
import { FormFooter } from "../../ui/form-footer.tsx";
import { SectionCard } from "../../ui/section-card.tsx";

/** The edited catalog as workspace settings, or the sentence that says what is wrong (naming the line). */
export function editedServiceLines(
  settings: WorkspaceSettings,
  lines: readonly string[],
): { ok: true; settings: WorkspaceSettings } | { ok: false; message: string } {
  const parsed = WorkspaceSettingsSchema.safeParse({ ...settings, serviceLines: lines });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path[1];
    const where = typeof at === "number" ? `Service line ${at + 1}` : "Service lines";
    return { ok: false, message: `${where}: ${issue?.message ?? "invalid"}` };
  }
  return { ok: true, settings: parsed.data };
}

export function ServiceLinesPanel(props: {
  readonly workspaceId: string;
  readonly settings: WorkspaceSettings;
  readonly version: number;
  readonly editable: boolean;
}) {
  const [editing, setEditing] = useState(false);
  if (editing) return <ServiceLinesForm {...props} onDone={() => setEditing(false)} />;
  const lines = props.settings.serviceLines;
  return (
    <Stack gap="lg">
      <SectionCard title="Service lines" count={lines.length} testId="service-lines">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            What the firm sells. A deal's service line and a contract's tower offer these; each account's
            whitespace lists every one of them — bought, in pipeline or not offered — so a line never sold
            there shows as not offered. A line typed on a deal or a tower that is not here still counts, and
            the whitespace says it is not in the catalog.
          </Text>
          {lines.length === 0 ? (
            <Text size="sm" data-testid="service-lines-empty">
              No catalog is declared: whitespace shows only the lines seen on deals and towers.
            </Text>
          ) : (
            <Group gap="xs" data-testid="service-lines-list">
              {lines.map((l) => (
                <Badge key={l} variant="light" size="lg" tt="none">
                  {l}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>
      </SectionCard>
      {props.editable && (
        <Group>
          <Button variant="light" onClick={() => setEditing(true)}>
            Edit service lines
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function ServiceLinesForm(props: {
  readonly workspaceId: string;
  readonly settings: WorkspaceSettings;
  readonly version: number;
  readonly onDone: () => void;
}) {
  const { update, problem, save } = useSettingsSave(props.workspaceId, props.version, props.onDone);
  const [lines, setLines] = useState<readonly string[]>(() => props.settings.serviceLines);
  const setLine = (i: number, value: string) => setLines((ls) => ls.map((l, j) => (j === i ? value : l)));
  const move = (i: number, by: -1 | 1) =>
    setLines((ls) => {
      const next = [...ls];
      const [item] = next.splice(i, 1);
      next.splice(i + by, 0, item!);
      return next;
    });
  const addMissing = (from: readonly string[]) =>
    setLines((ls) => [
      ...ls,
      ...from.filter((l) => !ls.some((x) => x.trim().toLowerCase() === l.toLowerCase())),
    ]);

  return (
    <form
      aria-label="Service lines"
      onSubmit={(e) => {
        e.preventDefault();
        save(editedServiceLines(props.settings, lines));
      }}
    >
      <Stack gap="lg">
        <SectionCard title="Service lines">
          <Stack gap="xs">
            {lines.map((line, i) => (
              <Group key={i} align="end" wrap="nowrap">
                <TextInput
                  label={`Service line ${i + 1}`}
                  value={line}
                  onChange={(e) => setLine(i, e.currentTarget.value)}
                  w={320}
                />
                <ActionIcon
                  variant="subtle"
                  aria-label={`Move service line ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                  mb={4}
                >
                  ↑
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  aria-label={`Move service line ${i + 1} down`}
                  disabled={i === lines.length - 1}
                  onClick={() => move(i, 1)}
                  mb={4}
                >
                  ↓
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove service line ${i + 1}`}
                  onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}
                  mb={4}
                >
                  ✕
                </ActionIcon>
              </Group>
            ))}
            <Group gap="xs">
              <Button variant="subtle" size="xs" onClick={() => setLines((ls) => [...ls, ""])}>
                + Add a service line
              </Button>
              <Button variant="subtle" size="xs" onClick={() => addMissing(AGENCY_SERVICE_LINES)}>
                + An agency's usual lines
              </Button>
              <Button variant="subtle" size="xs" onClick={() => addMissing(IT_SERVICE_LINES)}>
                + An IT firm's usual towers
              </Button>
            </Group>
          </Stack>
        </SectionCard>
        <FormFooter problem={problem} update={update} onCancel={props.onDone} />
      </Stack>
    </form>
  );
}
