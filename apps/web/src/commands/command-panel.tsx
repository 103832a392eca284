// A record's commands on its page: a button for each one its state accepts and the member may run (each opens
// the command's generated form in a dialog), and the others listed with why they are not available.
import type { AggregateType, MemberId, Role } from "@accountable/domain";
import { reportsOf } from "@accountable/domain";
import { Button, Group, List, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useRef, useState } from "react";
import { useAccount } from "../api/account-360.ts";
import { useMembership } from "../api/session.ts";
import { useMembers, useWorkspace } from "../api/workspace.ts";
import { splitReason } from "../ui/masked-reasons.tsx";
import { SectionCard } from "../ui/section-card.tsx";
import { AGGREGATE_UI, type CommandVariant } from "./aggregates.ts";
import { CommandForm, commandTitle } from "./command-form.tsx";
import type { Prefill } from "./form-values.ts";
import { type Asker, offeredCommands } from "./record-commands.ts";
import type { CommandResult } from "./send.ts";

/** Who is asking, as the domain's `can` wants it; undefined until the session and the account are known. */
export function useAsker(workspaceId: string, accountId: string | null): Asker | undefined {
  const membership = useMembership(workspaceId);
  const members = useMembers(workspaceId).data;
  const account = useAccount(workspaceId, accountId ?? undefined);
  if (!membership || !members) return undefined;
  if (accountId && account.isPending) return undefined;
  const memberId = membership.memberId as MemberId;
  return {
    actor: { memberId, role: membership.role as Role },
    reportsOf: [
      ...reportsOf(
        members.map((m) => ({ id: m.id as MemberId, reportsTo: m.reportsTo as MemberId | null })),
        memberId,
      ),
    ],
    account: account.data?.account ?? null,
  };
}

/** The workspace's currency, for money fields. */
export function useWorkspaceCurrency(workspaceId: string): string {
  return useWorkspace(workspaceId).data?.state.settings.currency ?? "EUR";
}

export interface OpenCommand {
  readonly variant: CommandVariant;
  readonly prefill?: Prefill;
  readonly fixed?: readonly string[];
  /** What the button that opened it said ("Log a call"), when more precise than the command's name. */
  readonly title?: string;
  /** Fields' labels in the form's own words (see CommandForm's `labels`). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Help lines under fields in the form's own words (see CommandForm's `descriptions`). */
  readonly descriptions?: Readonly<Record<string, string>>;
  /** False: the form opens without the command's checks in words (see CommandForm's `showGuards`). */
  readonly showGuards?: boolean;
}

/** A dialog holding one command's form. */
export function CommandDialog(props: {
  readonly workspaceId: string;
  readonly open: OpenCommand | null;
  readonly record: {
    readonly id: string;
    readonly version: number;
    readonly state: Record<string, unknown>;
  } | null;
  readonly onClose: () => void;
  readonly onDone?: (result: CommandResult) => void;
}) {
  const currency = useWorkspaceCurrency(props.workspaceId);
  const { open } = props;
  // The title stays while the dialog fades out: an empty one left a nameless dialog on the page for its exit.
  const last = useRef<OpenCommand | null>(null);
  if (open) last.current = open;
  const shown = open ?? last.current;
  return (
    <Modal
      opened={open !== null}
      onClose={props.onClose}
      title={shown ? (shown.title ?? commandTitle(shown.variant)) : ""}
      size="lg"
    >
      {open && (
        <CommandForm
          key={open.variant.aggregate + open.variant.type}
          workspaceId={props.workspaceId}
          variant={open.variant}
          record={props.record}
          currency={currency}
          {...(open.prefill ? { prefill: open.prefill } : {})}
          {...(open.fixed ? { fixed: open.fixed } : {})}
          {...(open.labels ? { labels: open.labels } : {})}
          {...(open.descriptions ? { descriptions: open.descriptions } : {})}
          {...(open.showGuards === false ? { showGuards: false } : {})}
          onCancel={props.onClose}
          onDone={(r) => {
            // Said, not only shown: the new entry may be below the fold, and the dialog just closes.
            notifications.show({
              color: "green",
              message: `${open.title ?? commandTitle(open.variant)}: done.`,
            });
            props.onClose();
            props.onDone?.(r);
          }}
        />
      )}
    </Modal>
  );
}

export function CommandPanel(props: {
  readonly workspaceId: string;
  readonly aggregate: AggregateType;
  readonly record: {
    readonly id: string;
    readonly version: number;
    readonly state: Record<string, unknown> & { readonly status: string };
  };
  /** Commands the page lays out itself (left out here). */
  readonly omit?: readonly string[];
  /**
   * Commands that cannot apply to the record as it stands, by the domain's own predicate (left out here), and the
   * values a command's form opens with when the page knows them (the one brief a deal can take its amount from).
   */
  readonly inapplicable?: readonly string[];
  readonly prefill?: Readonly<Record<string, Prefill>>;
  readonly title?: string;
  /** The page has said once why the member may change nothing here: the refused commands without the why again. */
  readonly quiet?: boolean;
}) {
  const { workspaceId, aggregate, record } = props;
  const holders = (AGGREGATE_UI[aggregate].holders as (s: unknown) => { accountId: string | null })(
    record.state,
  );
  const asker = useAsker(workspaceId, holders.accountId);
  const [open, setOpen] = useState<OpenCommand | null>(null);
  if (!asker) return null;
  const offered = offeredCommands(
    aggregate,
    record.state,
    asker,
    (type) => !(props.inapplicable ?? []).includes(type),
  ).filter((o) => !(props.omit ?? []).includes(o.variant.type));
  const allowed = offered.filter((o) => o.allowed);
  const blocked = offered.flatMap((o) => (o.allowed ? [] : [o]));
  return (
    <SectionCard title={props.title ?? "Commands"} count={allowed.length} testId="record-commands">
      <Stack gap="sm">
        {offered.length === 0 && <Text c="dimmed">Nothing can be done to it in this state.</Text>}
        <Group gap="xs">
          {allowed.map(({ variant }) => (
            <Button
              key={variant.type}
              variant="light"
              size="xs"
              data-command={variant.type}
              onClick={() => {
                const prefill = props.prefill?.[variant.type];
                setOpen(prefill ? { variant, prefill } : { variant });
              }}
            >
              {commandTitle(variant)}
            </Button>
          ))}
        </Group>
        {blocked.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Not available to you
            </Text>
            <List size="sm" spacing={2}>
              {/* Each reason once, after the commands it blocks (a viewer's page said one sentence 7 times). */}
              {byReason(blocked).map(([why, same]) => (
                <List.Item key={why}>
                  {same.map((b) => (
                    <Button
                      key={b.variant.type}
                      variant="subtle"
                      size="compact-xs"
                      disabled
                      data-command={b.variant.type}
                    >
                      {commandTitle(b.variant)}
                    </Button>
                  ))}{" "}
                  {!props.quiet && (
                    <Text span size="sm" c="dimmed">
                      {why}
                    </Text>
                  )}
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
      </Stack>
      <CommandDialog workspaceId={workspaceId} open={open} record={record} onClose={() => setOpen(null)} />
    </SectionCard>
  );
}

/** The blocked commands grouped by the sentence that says why, in the order they come. */
/**
 * The blocked commands grouped by why, each why said once: by the part after the sentence's colon when several
 * sentences share it ("…may not edit the account: the account belongs to another member…", "…may not change the
 * account team: the account belongs…"), which an AE on a colleague's account read three times over.
 */
export function byReason<B extends { readonly why: string }>(blocked: readonly B[]): [string, B[]][] {
  const groups = new Map<string, { reasons: Set<string>; items: B[] }>();
  for (const b of blocked) {
    const key = splitReason(b.why).why ?? b.why;
    const group = groups.get(key) ?? { reasons: new Set<string>(), items: [] };
    group.reasons.add(b.why);
    group.items.push(b);
    groups.set(key, group);
  }
  return [...groups].map(([why, { reasons, items }]) => [
    reasons.size === 1 ? [...reasons][0]! : why.charAt(0).toUpperCase() + why.slice(1),
    items,
  ]);
}
