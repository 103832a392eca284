// Quick actions where the work happens (an account, a deal, a board column): the creation commands that matter
// there, each opening its generated form with what the page already knows filled in. Which ones the member may
// run is the domain's `can`; the others are listed with why.
import type { AggregateType } from "@accountable/domain";
import { Button, Group, Stack, Text } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
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
  /** Open the new record's page once created. */
  readonly openCreated?: boolean;
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
  const byReason = new Map<string, string[]>();
  for (const b of blocked) {
    const why = b.permission.why ?? "";
    byReason.set(why, [...(byReason.get(why) ?? []), b.action.label]);
  }
  return [...byReason].map(([why, labels]) => `${labels.join(", ")}${why ? ` (${why})` : ""}`).join("; ");
}

export function QuickActions(props: {
  readonly workspaceId: string;
  /** The account the actions act under (its owner and team decide who may). */
  readonly accountId: string | null;
  readonly actions: readonly QuickAction[];
  readonly label?: string;
  /** Where a record created with `openCreated` opens (default: its record page). */
  readonly openRecord?: (result: { readonly aggregate: AggregateType; readonly id: string }) => void;
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
                  openCreated: action.openCreated ?? false,
                })
              }
            >
              {action.label}
            </Button>
          ))}
      </Group>
      {blocked.length > 0 && (
        <Text size="xs" c="dimmed" data-testid="quick-actions-blocked">
          Not available to you: {blockedInWords(blocked)}
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

/** The quick actions of an account's page. */
export function accountQuickActions(accountId: string, memberId: string): QuickAction[] {
  const under = { accountId };
  const fixed = ["accountId"];
  const log = (kind: string, label: string): QuickAction => ({
    label,
    aggregate: "activity",
    type: "LogActivity",
    prefill: { ...under, kind, at: nowIso() },
    // The button chose the kind; only a meeting has minutes (the domain refuses them on anything else).
    fixed: [...fixed, "kind", ...(kind === "meeting" ? [] : ["minutes"])],
  });
  return [
    log("call", "Log a call"),
    log("email", "Log an e-mail"),
    log("meeting", "Log a meeting"),
    log("note", "Add a note"),
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
