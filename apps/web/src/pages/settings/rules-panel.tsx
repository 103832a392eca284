// Approval limits (who may approve how much, at what discount) and notice windows (when a contract enters its
// notice window, the reminders before its notice deadline, how early the client must hear of a tacit renewal).
// Those who may change settings edit them here; the new settings are checked with the domain's schema before
// update-settings is sent (If-Match on the workspace's version).
import {
  type ApprovalAuthority,
  approvalLadder,
  type Currency,
  fromDecimalString,
  ROLES,
  type Role,
  toDecimalString,
  type WorkspaceSettings,
  WorkspaceSettingsSchema,
} from "@accountable/domain";
import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
} from "@mantine/core";
import { useState } from "react";
import { useSettingsSave } from "../../api/settings.ts";
import { FormFooter } from "../../ui/form-footer.tsx";
import { dayCounts, humanize } from "../../ui/format.ts";
import { MoneyText } from "../../ui/money-text.tsx";
import { SectionCard } from "../../ui/section-card.tsx";

interface RungDraft {
  readonly role: Role;
  /** Major units as typed ("25000"), empty for no limit. */
  readonly limit: string;
  readonly maxDiscountPercent: number | "";
}

const toDraft = (r: ApprovalAuthority): RungDraft => ({
  role: r.role,
  limit: r.limit ? toDecimalString(r.limit) : "",
  maxDiscountPercent: r.maxDiscountPercent ?? "",
});

/** The edited rules as workspace settings, or the sentence that says what is wrong. */
export function editedSettings(
  settings: WorkspaceSettings,
  rungs: readonly RungDraft[],
  renewals: {
    noticeWindowDays: number | "";
    clientNoticeDays: number | "";
    /** Days from opening a renewal deal to its close date when the notice deadline has passed; absent: unchanged. */
    renewalLeadDays?: number | "";
    reminders: readonly string[];
    /** Days before each calendar feed item; absent: unchanged. */
    calendarReminders?: readonly string[];
  },
): { ok: true; settings: WorkspaceSettings } | { ok: false; message: string } {
  const currency = settings.currency as Currency;
  const approvalAuthority: ApprovalAuthority[] = [];
  for (const r of rungs) {
    const limit = r.limit.trim() === "" ? null : fromDecimalString(r.limit.trim(), currency);
    if (limit === undefined) return { ok: false, message: `${r.limit} is not an amount in ${currency}.` };
    approvalAuthority.push({
      role: r.role,
      limit,
      maxDiscountPercent: r.maxDiscountPercent === "" ? null : r.maxDiscountPercent,
    });
  }
  const reminderOffsetsDays = renewals.reminders.map(Number);
  if (reminderOffsetsDays.some((n) => !Number.isInteger(n)))
    return { ok: false, message: "Reminders are whole numbers of days before the notice deadline." };
  const calendarDays = renewals.calendarReminders?.map(Number);
  if (calendarDays?.some((n) => !Number.isInteger(n)))
    return { ok: false, message: "Calendar reminders are whole numbers of days before each item." };
  const next = {
    ...settings,
    ...(calendarDays
      ? { calendar: { reminderDaysBefore: [...new Set(calendarDays)].sort((a, b) => b - a) } }
      : {}),
    approvalAuthority,
    renewals: {
      noticeWindowDays: renewals.noticeWindowDays === "" ? Number.NaN : renewals.noticeWindowDays,
      clientNoticeDays: renewals.clientNoticeDays === "" ? Number.NaN : renewals.clientNoticeDays,
      renewalLeadDays:
        renewals.renewalLeadDays === undefined
          ? settings.renewals.renewalLeadDays
          : renewals.renewalLeadDays === ""
            ? Number.NaN
            : renewals.renewalLeadDays,
      reminderOffsetsDays: [...new Set(reminderOffsetsDays)].sort((a, b) => b - a),
    },
  };
  const parsed = WorkspaceSettingsSchema.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `${issue?.path.join(".") || "settings"}: ${issue?.message ?? "invalid"}` };
  }
  return { ok: true, settings: parsed.data };
}

export function RulesPanel(props: {
  readonly workspaceId: string;
  readonly settings: WorkspaceSettings;
  readonly version: number;
  readonly editable: boolean;
}) {
  const { settings } = props;
  const [editing, setEditing] = useState(false);
  return (
    <Stack gap="lg">
      {editing ? (
        <RulesForm {...props} onDone={() => setEditing(false)} />
      ) : (
        <>
          <SectionCard
            title="Approval limits"
            count={settings.approvalAuthority.length}
            testId="approval-limits"
          >
            {settings.approvalAuthority.length === 0 ? (
              <Text c="dimmed">No approval authority: contracts need no approval.</Text>
            ) : (
              <Table striped aria-label="Approval limits">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Role</Table.Th>
                    <Table.Th ta="right">Approves up to</Table.Th>
                    <Table.Th ta="right">Largest discount</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {approvalLadder(settings.approvalAuthority).map((r) => (
                    <Table.Tr key={`${r.role}-${r.limit?.amount ?? "any"}`}>
                      <Table.Td>{humanize(r.role)}</Table.Td>
                      <Table.Td ta="right">
                        <MoneyText value={r.limit} empty="any amount" />
                      </Table.Td>
                      <Table.Td ta="right">
                        {r.maxDiscountPercent === null ? "any" : `${r.maxDiscountPercent} %`}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </SectionCard>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <SectionCard title="Notice windows" testId="notice-windows">
              <Stack gap={4}>
                <Text size="sm">
                  A contract enters its notice window {dayCounts([settings.renewals.noticeWindowDays])} before
                  its notice deadline.
                </Text>
                <Text size="sm">
                  Reminders {dayCounts(settings.renewals.reminderOffsetsDays)} before the notice deadline.
                </Text>
                <Text size="sm">
                  The client hears of a tacit renewal at least{" "}
                  {dayCounts([settings.renewals.clientNoticeDays])} before it.
                </Text>
                <Text size="sm">
                  The renewal deal opens with the notice window and is due by the notice deadline (or{" "}
                  {dayCounts([settings.renewals.renewalLeadDays])} after it opens, if the deadline has
                  passed); it is won when the contract renews and lost when it expires or is terminated.
                </Text>
                <Text size="sm">
                  {settings.calendar.reminderDaysBefore.length === 0
                    ? "Calendar feeds carry no reminders."
                    : `Calendar feeds remind ${dayCounts(settings.calendar.reminderDaysBefore)} before each item.`}
                </Text>
              </Stack>
            </SectionCard>
            <SectionCard title="Escalation SLAs">
              <Text size="sm">
                An escalation is answered within{" "}
                {(["critical", "high", "medium", "low"] as const)
                  .map((s) => `${settings.slaHours[s]} h when ${s}`)
                  .join(", ")}
                .
              </Text>
            </SectionCard>
            <SectionCard title="Account health">
              <Text size="sm">
                Accounts go cold after {dayCounts([settings.engagementStaleDays])} without activity; a score
                of {settings.healthBands.healthy} or more is healthy, {settings.healthBands.atRisk} or more at
                risk, and below that critical.
              </Text>
            </SectionCard>
          </SimpleGrid>
          {props.editable && (
            <Group>
              <Button variant="light" onClick={() => setEditing(true)}>
                Edit approval limits and notice windows
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}

function RulesForm(props: {
  readonly workspaceId: string;
  readonly settings: WorkspaceSettings;
  readonly version: number;
  readonly onDone: () => void;
}) {
  const { settings } = props;
  const { update, problem, save } = useSettingsSave(props.workspaceId, props.version, props.onDone);
  const [rungs, setRungs] = useState<RungDraft[]>(() =>
    approvalLadder(settings.approvalAuthority).map(toDraft),
  );
  const [noticeWindowDays, setNoticeWindowDays] = useState<number | "">(settings.renewals.noticeWindowDays);
  const [clientNoticeDays, setClientNoticeDays] = useState<number | "">(settings.renewals.clientNoticeDays);
  const [renewalLeadDays, setRenewalLeadDays] = useState<number | "">(settings.renewals.renewalLeadDays);
  const [reminders, setReminders] = useState<string[]>(settings.renewals.reminderOffsetsDays.map(String));
  const [calendarReminders, setCalendarReminders] = useState<string[]>(
    settings.calendar.reminderDaysBefore.map(String),
  );

  const setRung = (i: number, change: Partial<RungDraft>) =>
    setRungs((rs) => rs.map((r, j) => (j === i ? { ...r, ...change } : r)));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const next = editedSettings(settings, rungs, {
      noticeWindowDays,
      clientNoticeDays,
      renewalLeadDays,
      reminders,
      calendarReminders,
    });
    save(next);
  };

  return (
    <form onSubmit={submit} aria-label="Approval limits and notice windows">
      <Stack gap="lg">
        <SectionCard title="Approval limits">
          <Stack gap="xs">
            {rungs.map((r, i) => (
              <Group key={`${i}-${r.role}`} align="end" wrap="wrap">
                <Select
                  label="Role"
                  data={ROLES.map((role) => ({ value: role, label: humanize(role) }))}
                  value={r.role}
                  onChange={(v) => v && setRung(i, { role: v as Role })}
                  allowDeselect={false}
                  w={200}
                />
                <NumberInput
                  label={`Approves up to (${settings.currency}; empty: any amount)`}
                  value={r.limit}
                  onChange={(v) => setRung(i, { limit: String(v) })}
                  min={0}
                  thousandSeparator=","
                  w={260}
                />
                <NumberInput
                  label="Largest discount % (empty: any)"
                  value={r.maxDiscountPercent}
                  onChange={(v) => setRung(i, { maxDiscountPercent: v === "" ? "" : Number(v) })}
                  min={0}
                  max={100}
                  w={220}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove the ${humanize(r.role)} limit`}
                  onClick={() => setRungs((rs) => rs.filter((_, j) => j !== i))}
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
                  setRungs((rs) => [...rs, { role: "director", limit: "", maxDiscountPercent: "" }])
                }
              >
                + Add a limit
              </Button>
            </Group>
          </Stack>
        </SectionCard>
        <SectionCard title="Notice windows">
          <Group align="end" wrap="wrap">
            <NumberInput
              label="Notice window opens (days before the notice deadline)"
              value={noticeWindowDays}
              onChange={(v) => setNoticeWindowDays(v === "" ? "" : Number(v))}
              min={0}
              max={730}
              w={340}
            />
            <NumberInput
              label="Tell the client of a tacit renewal (days before)"
              value={clientNoticeDays}
              onChange={(v) => setClientNoticeDays(v === "" ? "" : Number(v))}
              min={0}
              max={365}
              w={320}
            />
            <NumberInput
              label="Renewal deal due (days after it opens, when the notice deadline has passed)"
              value={renewalLeadDays}
              onChange={(v) => setRenewalLeadDays(v === "" ? "" : Number(v))}
              min={1}
              max={365}
              w={420}
            />
            <TagsInput
              label="Reminders (days before the notice deadline)"
              value={reminders}
              onChange={setReminders}
              w={360}
            />
            <TagsInput
              label="Calendar feed reminders (days before each item; 0: when it starts)"
              value={calendarReminders}
              onChange={setCalendarReminders}
              w={420}
            />
          </Group>
        </SectionCard>
        <FormFooter problem={problem} update={update} onCancel={props.onDone} />
      </Stack>
    </form>
  );
}
