// Quick actions where the work happens (an account, a deal, a board column): the creation commands that matter
// there, each opening its generated form with what the page already knows filled in. Which ones the member may
// run is the domain's `can`; the others are listed with why.
import { type AggregateType, ROLE_SCOPES } from "@accountable/domain";
import { Button, Group, Stack, Text } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { splitReason } from "../ui/masked-reasons.tsx";
import { AGGREGATE_UI, commandVariant } from "./aggregates.ts";
import { CommandDialog, type OpenCommand, useAsker } from "./command-panel.tsx";
import type { Prefill } from "./form-values.ts";
import { permissionFor } from "./record-commands.ts";

export interface QuickAction {
  /** What the button says ("Log a meeting"). */
  readonly label: string;
  readonly aggregate: AggregateType;
  readonly type: string;
  readonly prefill?: Prefill;
  /** Fields not asked for (the page's account). */
  readonly fixed?: readonly string[];
  /** Fields' labels in the action's words ("Notes" for a call's body). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Help lines under fields in the action's words (where a meeting's minutes go). */
  readonly descriptions?: Readonly<Record<string, string>>;
  /** Open the new record's page once created. */
  readonly openCreated?: boolean;
  /** Whether the form opens with the command's checks in words (not on a log form: see logActions). */
  readonly showGuards?: boolean;
}

/** A moment as the API wants it, now (what "log" forms start at). */
export const nowIso = (): string => new Date().toISOString();

/**
 * The actions a member may not take, each reason said once with the actions it blocks ("Log a call, Log an
 * e-mail (As a viewer you may not log activities…)"): a viewer's page used to repeat one sentence a dozen times.
 */
export function blockedInWords(
  blocked: readonly {
    readonly action: { readonly label: string };
    readonly permission: { allowed: boolean; why?: string };
  }[],
): string {
  // Grouped by the why after the sentence's colon ("…: you neither own the account nor are on its team."): an AE
  // on another AE's account read one sentence per kind of record, eight lines that all said the same why.
  const byWhy = new Map<string, { reasons: Set<string>; labels: string[] }>();
  for (const b of blocked) {
    const reason = b.permission.why ?? "";
    const key = splitReason(reason).why ?? reason;
    const group = byWhy.get(key) ?? { reasons: new Set<string>(), labels: [] };
    group.reasons.add(reason);
    group.labels.push(b.action.label);
    byWhy.set(key, group);
  }
  return [...byWhy]
    .map(([why, { reasons, labels }]) => {
      const said = reasons.size === 1 ? [...reasons][0]! : why.replace(/\.$/, "");
      return `${labels.join(", ")}${said ? ` (${said})` : ""}`;
    })
    .join("; ");
}

/** The why every refusal shares after its colon, when they all share one ("you neither own the account…"). */
export function commonWhy(
  blocked: readonly { readonly permission: { allowed: boolean; why?: string } }[],
): string | undefined {
  const whys = new Set(blocked.map((b) => splitReason(b.permission.why ?? "").why));
  const [why] = whys;
  return whys.size === 1 && why ? why : undefined;
}

/**
 * When a member may change nothing on a record — every command its state accepts and every quick action refused,
 * all for one why — the sentence that says so once for the page ("As a viewer you may read this deal but not
 * change it."; "…: you neither own the account nor are on its team."); undefined when anything is allowed or the
 * whys differ.
 * A viewer's deal page said one refusal in three places (quick actions, next stage, commands).
 */
export function readOnlyWhy(
  noun: string,
  permissions: readonly ({ readonly allowed: true } | { readonly allowed: false; readonly why: string })[],
): string | undefined {
  if (permissions.length === 0) return undefined;
  const refused = permissions.flatMap((p) => (p.allowed ? [] : [{ permission: p }]));
  if (refused.length < permissions.length) return undefined;
  const why = commonWhy(refused);
  if (why === undefined) return undefined;
  const as = /^(As an? .+?) you may not /.exec(refused[0]!.permission.why)?.[1];
  const said = `${as ? `${as} you` : "You"} may read this ${noun} but not change it`;
  // A role that may never change it (a viewer): the role is the why, and what the role is for is the masked
  // money's reason on the same page — said there, not twice.
  const roleWide = (Object.values(ROLE_SCOPES) as string[]).includes(why.replace(/\.$/, ""));
  return as && roleWide ? `${said}.` : `${said}: ${why.replace(/\.$/, "")}.`;
}

export function QuickActions(props: {
  readonly workspaceId: string;
  /** The account the actions act under (its owner and team decide who may). */
  readonly accountId: string | null;
  readonly actions: readonly QuickAction[];
  readonly label?: string;
  /** Where a record created with `openCreated` opens (default: its record page). */
  readonly openRecord?: (result: { readonly aggregate: AggregateType; readonly id: string }) => void;
  /** The page has said once why the member may change nothing here: no line of refusals again. */
  readonly quiet?: boolean;
}) {
  const { workspaceId } = props;
  const asker = useAsker(workspaceId, props.accountId);
  const navigate = useNavigate();
  const [open, setOpen] = useState<(OpenCommand & { readonly openCreated: boolean }) | null>(null);
  if (!asker) return null;
  const rows = props.actions.flatMap((a) => {
    const variant = commandVariant(a.aggregate, a.type);
    if (!variant) return [];
    return [{ action: a, variant, permission: permissionFor(a.aggregate, a.type, null, asker) }];
  });
  const blocked = rows.filter((r) => !r.permission.allowed);
  return (
    <Stack gap={4} data-testid="quick-actions">
      <Group gap="xs" role="group" aria-label={props.label ?? "Quick actions"}>
        {rows
          .filter((r) => r.permission.allowed)
          .map(({ action, variant }) => (
            <Button
              key={action.label}
              size="xs"
              variant="light"
              onClick={() =>
                setOpen({
                  variant,
                  title: action.label,
                  ...(action.prefill ? { prefill: action.prefill } : {}),
                  ...(action.fixed ? { fixed: action.fixed } : {}),
                  ...(action.labels ? { labels: action.labels } : {}),
                  ...(action.descriptions ? { descriptions: action.descriptions } : {}),
                  openCreated: action.openCreated ?? false,
                  ...(action.showGuards === false ? { showGuards: false } : {}),
                })
              }
            >
              {action.label}
            </Button>
          ))}
      </Group>
      {blocked.length > 0 && !props.quiet && (
        <Text size="xs" c="dimmed" data-testid="quick-actions-blocked">
          {blocked.length === rows.length && blocked.length > 1 && commonWhy(blocked)
            ? `${props.label ?? "Quick actions"} (${blocked.length}) are not available to you: ${commonWhy(blocked)}`
            : `Not available to you: ${blockedInWords(blocked)}`}
        </Text>
      )}
      <CommandDialog
        workspaceId={workspaceId}
        open={open}
        record={null}
        onClose={() => setOpen(null)}
        onDone={(result) => {
          const collection = AGGREGATE_UI[result.aggregate].collection;
          if (open?.openCreated && props.openRecord) props.openRecord(result);
          else if (open?.openCreated && collection)
            void navigate({
              to: "/w/$workspaceId/records/$collection/$id",
              params: { workspaceId, collection, id: result.id },
            });
        }}
      />
    </Stack>
  );
}

/**
 * Logging a call, an e-mail, a meeting or a note under `under` (an account, and on a deal's page the deal too),
 * whose fields the page fixes.
 */
function logActions(under: Prefill, fixed: readonly string[]): QuickAction[] {
  const log = (kind: string, label: string): QuickAction => ({
    label,
    aggregate: "activity",
    type: "LogActivity",
    // A call or an e-mail is ours unless said otherwise: its direction starts at outbound.
    prefill: {
      ...under,
      kind,
      at: nowIso(),
      ...(kind === "call" || kind === "email" ? { direction: "outbound" } : {}),
    },
    // The checks of logging ("a moment now or in the past; minutes only for a meeting") are the form's already: it
    // starts at now and asks for minutes only on a meeting. A moment in the future is still refused at its field.
    showGuards: false,
    // The button chose the kind; only a meeting has minutes (the domain refuses them on anything else). A meeting
    // or a note has no direction (it showed an empty "Direction" field): left unasked, the domain's null.
    fixed: [
      ...fixed,
      "kind",
      ...(kind === "meeting" ? [] : ["minutes"]),
      ...(kind === "call" || kind === "email" ? [] : ["direction"]),
    ],
    // What a person writes after a call is its notes: the activity's body. "Minutes" are a meeting's own (summary,
    // decisions, action items; the domain refuses them on anything else), so a call's field is not called so.
    // A meeting's minutes are not the team's alone: the client report prints them (its summary and decisions, and
    // the action items among next steps), so the form says so before they are written.
    ...(kind === "meeting"
      ? {
          descriptions: {
            minutes: "The client report shows these minutes: the summary, decisions and action items.",
          },
        }
      : {}),
    labels:
      kind === "meeting"
        ? { body: "Notes", contactIds: "Attendees", minutes: "Minutes" }
        : kind === "note"
          ? { body: "Note" }
          : { body: kind === "email" ? "What it said" : "Notes", contactIds: "With" },
  });
  return [
    log("call", "Log a call"),
    log("email", "Log an e-mail"),
    log("meeting", "Log a meeting"),
    log("note", "Add a note"),
  ];
}

/** The quick actions of a deal's page: what was said on it, logged on the deal (and so on its account). */
export function dealQuickActions(accountId: string, dealId: string): QuickAction[] {
  return logActions({ accountId, opportunityId: dealId }, ["accountId", "opportunityId"]);
}

/** The quick actions of an account's page. */
export function accountQuickActions(accountId: string, memberId: string): QuickAction[] {
  const under = { accountId };
  const fixed = ["accountId"];
  return [
    ...logActions(under, fixed),
    {
      label: "New deal",
      aggregate: "opportunity",
      type: "CreateOpportunity",
      prefill: { ...under, ownerId: memberId },
      fixed,
      openCreated: true,
    },
    { label: "Add contact", aggregate: "contact", type: "AddContact", prefill: under, fixed },
    {
      label: "New task",
      aggregate: "task",
      type: "CreateTask",
      prefill: { ...under, assigneeId: memberId },
      fixed,
    },
    {
      label: "Client deadline",
      aggregate: "task",
      type: "CreateTask",
      prefill: { ...under, agreedWithClient: true },
      fixed: [...fixed, "agreedWithClient"],
    },
    {
      label: "Open escalation",
      aggregate: "escalation",
      type: "OpenEscalation",
      prefill: { ...under, ownerId: memberId },
      fixed,
    },
    { label: "Receive brief", aggregate: "brief", type: "ReceiveBrief", prefill: under, fixed },
    { label: "Draft invoice", aggregate: "invoice", type: "DraftInvoice", prefill: under, fixed },
  ];
}
