// Handover and billing: what signing a contract sets in motion (who joins the account team, the kickoff tasks and
// the onboarding checklist it creates) and how invoices are drafted from milestones and retainers. Those who may
// change settings edit them here; the new settings are checked with the domain's schema before update-settings
// is sent (If-Match on the workspace's version).
import {
  HANDOVER_ASSIGNEES,
  type HandoverAssignee,
  type HandoverSettings,
  type WorkspaceSettings,
  WorkspaceSettingsSchema,
} from "@accountable/domain";
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useState } from "react";
import { useSettingsSave } from "../../api/settings.ts";
import { FormFooter } from "../../ui/form-footer.tsx";
import { SectionCard } from "../../ui/section-card.tsx";

/** Whom a kickoff task goes to, in words. */
export const ASSIGNEE_LABELS: Readonly<Record<HandoverAssignee, string>> = {
  owner: "The contract's owner",
  account_managers: "Each tower's account manager",
  project_managers: "Each named project manager",
};

type Days = number | "";
interface TaskDraft {
  readonly title: string;
  readonly assignee: HandoverAssignee;
  readonly dueAfterDays: Days;
}
interface ItemDraft {
  readonly title: string;
  readonly dueAfterDays: Days;
}
export interface HandoverDraft {
  readonly onSigning: boolean;
  readonly addTowerAccountManagers: boolean;
  readonly addProjectManagers: boolean;
  readonly kickoffTasks: readonly TaskDraft[];
  readonly onboardingChecklist: readonly ItemDraft[];
  readonly draftInvoiceOnMilestone: boolean;
  readonly draftRetainerInvoices: boolean;
  readonly paymentTermsDays: Days;
}

export const draftOf = (s: WorkspaceSettings): HandoverDraft => ({
  ...s.handover,
  ...s.billing,
});

const days = (d: Days) => (d === "" ? Number.NaN : d);

/** The edited handover and billing rules as workspace settings, or the sentence that says what is wrong. */
export function editedHandover(
  settings: WorkspaceSettings,
  draft: HandoverDraft,
): { ok: true; settings: WorkspaceSettings } | { ok: false; message: string } {
  const handover: HandoverSettings = {
    onSigning: draft.onSigning,
    addTowerAccountManagers: draft.addTowerAccountManagers,
    addProjectManagers: draft.addProjectManagers,
    kickoffTasks: draft.kickoffTasks.map((t) => ({ ...t, dueAfterDays: days(t.dueAfterDays) })),
    onboardingChecklist: draft.onboardingChecklist.map((i) => ({ ...i, dueAfterDays: days(i.dueAfterDays) })),
  };
  const billing = {
    draftInvoiceOnMilestone: draft.draftInvoiceOnMilestone,
    draftRetainerInvoices: draft.draftRetainerInvoices,
    paymentTermsDays: days(draft.paymentTermsDays),
  };
  const parsed = WorkspaceSettingsSchema.safeParse({ ...settings, handover, billing });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map((p) => (typeof p === "number" ? `#${p + 1}` : String(p))).join(" ");
    return { ok: false, message: `${where || "settings"}: ${issue?.message ?? "invalid"}` };
  }
  return { ok: true, settings: parsed.data };
}

export function HandoverPanel(props: {
  readonly workspaceId: string;
  readonly settings: WorkspaceSettings;
  readonly version: number;
  readonly editable: boolean;
}) {
  const [editing, setEditing] = useState(false);
  if (editing) return <HandoverForm {...props} onDone={() => setEditing(false)} />;
  const { handover, billing } = props.settings;
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <SectionCard title="Handover to delivery" testId="handover-rules">
          <Stack gap={4}>
            <Text size="sm">
              {handover.onSigning
                ? "Signing a contract hands it over to delivery at once."
                : "Contracts are handed over by hand (the contract's “hand over to delivery”)."}
            </Text>
            <Text size="sm">
              {[
                handover.addTowerAccountManagers ? "the towers' account managers" : null,
                handover.addProjectManagers ? "the contract's project managers" : null,
              ]
                .filter((x) => x !== null)
                .join(" and ") || "Nobody"}{" "}
              {handover.addTowerAccountManagers || handover.addProjectManagers
                ? "join the account team."
                : "joins the account team."}
            </Text>
            <Text size="sm">The handover is recorded in the contract's life cycle.</Text>
          </Stack>
        </SectionCard>
        <SectionCard title="Invoicing" testId="billing-rules">
          <Stack gap={4}>
            <Text size="sm">
              {billing.draftInvoiceOnMilestone
                ? "Completing a milestone with an amount drafts its invoice."
                : "Milestones draft no invoices."}
            </Text>
            <Text size="sm">
              {billing.draftRetainerInvoices
                ? "Each period of a retainer's billing schedule drafts its invoice on the period's issue day."
                : "Retainers' billing schedules draft no invoices: their periods are marked as billed, and you issue the invoices by hand."}
            </Text>
            <Text size="sm">
              Invoices are due {billing.paymentTermsDays} days after the milestone is done or the period's
              issue day.
            </Text>
          </Stack>
        </SectionCard>
      </SimpleGrid>
      <SectionCard title="Kickoff tasks" count={handover.kickoffTasks.length} testId="kickoff-tasks">
        <Table striped aria-label="Kickoff tasks">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Task</Table.Th>
              <Table.Th>For</Table.Th>
              <Table.Th ta="right">Due after (days)</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {handover.kickoffTasks.map((t, i) => (
              <Table.Tr key={`${i}-${t.title}`}>
                <Table.Td>{t.title}</Table.Td>
                <Table.Td>{ASSIGNEE_LABELS[t.assignee]}</Table.Td>
                <Table.Td ta="right">{t.dueAfterDays}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </SectionCard>
      <SectionCard
        title="Onboarding checklist"
        count={handover.onboardingChecklist.length}
        testId="onboarding-checklist"
      >
        <Text size="xs" c="dimmed" mb="xs">
          Each item becomes a task for the contract's owner.
        </Text>
        <Table striped aria-label="Onboarding checklist">
          <Table.Tbody>
            {handover.onboardingChecklist.map((item, i) => (
              <Table.Tr key={`${i}-${item.title}`}>
                <Table.Td>{item.title}</Table.Td>
                <Table.Td ta="right">due after {item.dueAfterDays} days</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </SectionCard>
      {props.editable && (
        <Group>
          <Button variant="light" onClick={() => setEditing(true)}>
            Edit handover and invoicing
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function HandoverForm(props: {
  readonly workspaceId: string;
  readonly settings: WorkspaceSettings;
  readonly version: number;
  readonly onDone: () => void;
}) {
  const { update, problem, save } = useSettingsSave(props.workspaceId, props.version, props.onDone);
  const [draft, setDraft] = useState<HandoverDraft>(() => draftOf(props.settings));
  const set = (change: Partial<HandoverDraft>) => setDraft((d) => ({ ...d, ...change }));
  const setTask = (i: number, change: Partial<TaskDraft>) =>
    set({ kickoffTasks: draft.kickoffTasks.map((t, j) => (j === i ? { ...t, ...change } : t)) });
  const setItem = (i: number, change: Partial<ItemDraft>) =>
    set({
      onboardingChecklist: draft.onboardingChecklist.map((t, j) => (j === i ? { ...t, ...change } : t)),
    });
  const asDays = (v: string | number): Days => (v === "" ? "" : Number(v));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const next = editedHandover(props.settings, draft);
    save(next);
  };

  return (
    <form onSubmit={submit} aria-label="Handover and invoicing">
      <Stack gap="lg">
        <SectionCard title="Handover to delivery">
          <Stack gap="xs">
            <Checkbox
              label="Hand a contract over to delivery when it is signed"
              checked={draft.onSigning}
              onChange={(e) => set({ onSigning: e.currentTarget.checked })}
            />
            <Checkbox
              label="Put the towers' account managers on the account team"
              checked={draft.addTowerAccountManagers}
              onChange={(e) => set({ addTowerAccountManagers: e.currentTarget.checked })}
            />
            <Checkbox
              label="Put the contract's project managers on the account team"
              checked={draft.addProjectManagers}
              onChange={(e) => set({ addProjectManagers: e.currentTarget.checked })}
            />
          </Stack>
        </SectionCard>
        <SectionCard title="Kickoff tasks">
          <Stack gap="xs">
            {draft.kickoffTasks.map((t, i) => (
              <Group key={i} align="end" wrap="wrap">
                <TextInput
                  label={`Kickoff task ${i + 1}`}
                  value={t.title}
                  onChange={(e) => setTask(i, { title: e.currentTarget.value })}
                  w={380}
                />
                <Select
                  label="For"
                  data={HANDOVER_ASSIGNEES.map((a) => ({ value: a, label: ASSIGNEE_LABELS[a] }))}
                  value={t.assignee}
                  onChange={(v) => v && setTask(i, { assignee: v as HandoverAssignee })}
                  allowDeselect={false}
                  w={260}
                />
                <NumberInput
                  label="Due after (days)"
                  value={t.dueAfterDays}
                  onChange={(v) => setTask(i, { dueAfterDays: asDays(v) })}
                  min={0}
                  max={365}
                  w={150}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove kickoff task ${i + 1}`}
                  onClick={() => set({ kickoffTasks: draft.kickoffTasks.filter((_, j) => j !== i) })}
                  mb={4}
                >
                  ✕
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="subtle"
                size="xs"
                onClick={() =>
                  set({
                    kickoffTasks: [...draft.kickoffTasks, { title: "", assignee: "owner", dueAfterDays: 7 }],
                  })
                }
              >
                + Add a kickoff task
              </Button>
            </Group>
          </Stack>
        </SectionCard>
        <SectionCard title="Onboarding checklist">
          <Stack gap="xs">
            {draft.onboardingChecklist.map((item, i) => (
              <Group key={i} align="end" wrap="wrap">
                <TextInput
                  label={`Checklist item ${i + 1}`}
                  value={item.title}
                  onChange={(e) => setItem(i, { title: e.currentTarget.value })}
                  w={460}
                />
                <NumberInput
                  label="Due after (days)"
                  value={item.dueAfterDays}
                  onChange={(v) => setItem(i, { dueAfterDays: asDays(v) })}
                  min={0}
                  max={365}
                  w={150}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove checklist item ${i + 1}`}
                  onClick={() =>
                    set({ onboardingChecklist: draft.onboardingChecklist.filter((_, j) => j !== i) })
                  }
                  mb={4}
                >
                  ✕
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="subtle"
                size="xs"
                onClick={() =>
                  set({ onboardingChecklist: [...draft.onboardingChecklist, { title: "", dueAfterDays: 7 }] })
                }
              >
                + Add a checklist item
              </Button>
            </Group>
          </Stack>
        </SectionCard>
        <SectionCard title="Invoicing">
          <Stack gap="xs">
            <Checkbox
              label="Draft an invoice when a milestone with an amount is completed"
              checked={draft.draftInvoiceOnMilestone}
              onChange={(e) => set({ draftInvoiceOnMilestone: e.currentTarget.checked })}
            />
            <Checkbox
              label="Draft retainers' invoices from their billing schedules"
              checked={draft.draftRetainerInvoices}
              onChange={(e) => set({ draftRetainerInvoices: e.currentTarget.checked })}
            />
            <NumberInput
              label="Payment terms (days from the draft to the due date)"
              value={draft.paymentTermsDays}
              onChange={(v) => set({ paymentTermsDays: asDays(v) })}
              min={0}
              max={365}
              w={360}
            />
          </Stack>
        </SectionCard>
        <FormFooter problem={problem} update={update} onCancel={props.onDone} />
      </Stack>
    </form>
  );
}
