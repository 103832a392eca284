// A deal's way forward, laid out by hand on top of the generated forms: the next stage, and for each exit
// criterion it still misses the command that meets it (a need, a budget, a decision maker, a proposal, a
// signed contract), then the move itself. The domain decides (explainStageMoves); nothing is re-implemented.
import {
  type Contact,
  type Contract,
  type DealDetail,
  EXIT_CRITERION_COMMANDS,
  EXIT_CRITERION_LABELS,
  type ExitCriterion,
  explainStageMoves,
  type Opportunity,
  type Pipeline,
  type Timestamp,
} from "@accountable/domain";
import { Alert, Box, Button, Group, List, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { accountFactsQuery } from "../../api/opportunities.ts";
import { useWorkspace } from "../../api/workspace.ts";
import { commandVariant } from "../../commands/aggregates.ts";
import { CommandForm, commandTitle } from "../../commands/command-form.tsx";
import {
  CommandDialog,
  type OpenCommand,
  useAsker,
  useWorkspaceCurrency,
} from "../../commands/command-panel.tsx";
import { describeFields } from "../../commands/fields.ts";
import { permissionFor } from "../../commands/record-commands.ts";
import type { CommandResult } from "../../commands/send.ts";
import { SectionCard } from "../../ui/section-card.tsx";

/**
 * What meets each missing exit criterion, as buttons: the command on the deal ("Record need", "Set budget") and, for
 * a decision maker, a new contact in that role. One component for the deal page and the board's blocked move, so
 * both offer the same fixes, derived the same way (the domain's EXIT_CRITERION_COMMANDS, which the CLI names too).
 */
export function CriterionFixes(props: {
  readonly workspaceId: string;
  readonly record: { readonly id: string; readonly version: number; readonly state: Record<string, unknown> };
  readonly accountId: string;
  readonly missing: readonly ExitCriterion[];
  /** Once a fix is done (the board reloads the deal, whose version moved). */
  readonly onDone?: () => void;
  /**
   * Whether the member may run a command (the domain's `can`, as the Commands card asks it): a fix they may not
   * run is no button, only the criterion it would meet. All fixes are offered when it is not given.
   */
  readonly may?: (aggregate: "opportunity" | "contact", type: string) => boolean;
}) {
  const { workspaceId, record, accountId, missing } = props;
  const may = props.may ?? (() => true);
  const [open, setOpen] = useState<OpenCommand | null>(null);
  const [forContact, setForContact] = useState(false);
  const addContact = commandVariant("contact", "AddContact")!;
  return (
    <>
      <List size="sm" spacing={6} data-testid="criterion-fixes">
        {missing.map((c) => {
          const variant = commandVariant("opportunity", EXIT_CRITERION_COMMANDS[c])!;
          return (
            <List.Item key={c}>
              <Group gap="xs">
                <Text span size="sm">
                  {EXIT_CRITERION_LABELS[c]}
                </Text>
                {may("opportunity", variant.type) && (
                  <Button
                    size="compact-xs"
                    variant="light"
                    onClick={() => {
                      setForContact(false);
                      setOpen({ variant });
                    }}
                  >
                    {commandTitle(variant)}
                  </Button>
                )}
                {c === "decision_maker_identified" && may("contact", addContact.type) && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() => {
                      setForContact(true);
                      setOpen({
                        variant: addContact,
                        prefill: { accountId, roles: ["decision_maker"] },
                        fixed: ["accountId"],
                      });
                    }}
                  >
                    Add contact as decision maker
                  </Button>
                )}
              </Group>
            </List.Item>
          );
        })}
      </List>
      <CommandDialog
        workspaceId={workspaceId}
        open={open}
        record={forContact ? null : record}
        onClose={() => {
          setOpen(null);
          setForContact(false);
        }}
        {...(props.onDone ? { onDone: props.onDone } : {})}
      />
    </>
  );
}

/**
 * The fields that set what a stage requires of a deal and it lacks (an amount, a close date), in place: the
 * domain's UpdateDetails form showing only those fields, sent on the deal's version. The board then moves the deal
 * on (`onDone`); the deal page's move button is free once they are set.
 */
export function DetailFixes(props: {
  readonly workspaceId: string;
  readonly record: { readonly id: string; readonly version: number; readonly state: Record<string, unknown> };
  readonly missing: readonly DealDetail[];
  readonly submitLabel?: string;
  readonly onDone?: (result: CommandResult) => void;
}) {
  const variant = commandVariant("opportunity", "UpdateDetails")!;
  const currency = useWorkspaceCurrency(props.workspaceId);
  const others = useMemo(
    () =>
      describeFields(variant.schema)
        .map((f) => f.name)
        .filter((name) => !(props.missing as readonly string[]).includes(name)),
    [variant, props.missing],
  );
  return (
    <Box data-testid="detail-fixes" maw={520}>
      <CommandForm
        // A new form for a new version: what was typed is sent on the deal as it now stands.
        key={`${props.record.id}:${props.record.version}`}
        workspaceId={props.workspaceId}
        variant={variant}
        record={props.record}
        currency={currency}
        fixed={others}
        showGuards={false}
        {...(props.submitLabel ? { submitLabel: props.submitLabel } : {})}
        {...(props.onDone ? { onDone: props.onDone } : {})}
      />
    </Box>
  );
}

export function DealNextStage(props: {
  readonly workspaceId: string;
  readonly record: { readonly id: string; readonly version: number; readonly state: Record<string, unknown> };
  /** The page has said once why the member may change nothing here: not again on this card. */
  readonly quiet?: boolean;
}) {
  const { workspaceId, record } = props;
  const deal = record.state as unknown as Opportunity;
  const workspace = useWorkspace(workspaceId).data;
  const facts = useQuery(accountFactsQuery(workspaceId, deal.accountId));
  const asker = useAsker(workspaceId, deal.accountId);
  const [open, setOpen] = useState<OpenCommand | null>(null);
  if (deal.status !== "open" || !workspace || !facts.data || !asker) return null;
  const pipeline = workspace.state.settings.pipelines.find((p) => p.id === deal.pipelineId) as
    | Pipeline
    | undefined;
  if (!pipeline) return null;
  const open_ = pipeline.stages.filter((s) => s.kind === "open");
  const next = open_[open_.findIndex((s) => s.id === deal.stageId) + 1];
  if (!next) return null;
  const option = explainStageMoves(deal, {
    pipeline,
    actor: asker.actor,
    now: new Date().toISOString() as Timestamp,
    contacts: facts.data.contacts as readonly Contact[],
    contracts: facts.data.contracts as readonly Contract[],
  }).find((o) => o.stage.id === next.id);
  const missing: readonly ExitCriterion[] =
    option && !option.allowed && option.refusal._tag === "ExitCriteriaNotMet" ? option.refusal.missing : [];
  const move = commandVariant("opportunity", "MoveStage")!;
  // Authorise first, then the machine, as the Commands card and the server judge a command: a member the domain's
  // `can` refuses (a viewer, an AE on a colleague's deal) is offered no move and no fix, only why, once.
  const permission = permissionFor("opportunity", move.type, record.state, asker);
  const may = (aggregate: "opportunity" | "contact", type: string) =>
    permissionFor(aggregate, type, aggregate === "opportunity" ? record.state : null, asker).allowed;

  return (
    <SectionCard title={`Next: ${next.label}`} testId="deal-next-stage">
      <Stack gap="sm">
        {!permission.allowed && !props.quiet && (
          <Text size="sm" c="dimmed" data-testid="deal-next-stage-refused">
            {permission.why}
          </Text>
        )}
        {missing.length > 0 ? (
          <>
            <Text size="sm">To move to {next.label}:</Text>
            <CriterionFixes
              workspaceId={workspaceId}
              record={record}
              accountId={deal.accountId}
              missing={missing}
              may={may}
            />
          </>
        ) : option && !option.allowed && option.refusal._tag === "DetailsRequired" ? (
          <Alert color="orange" title={option.refusal.message}>
            {permission.allowed && (
              <DetailFixes
                workspaceId={workspaceId}
                record={record}
                missing={option.refusal.missing}
                submitLabel="Set"
              />
            )}
          </Alert>
        ) : option && !option.allowed ? (
          <Alert color="orange">{option.refusal.message}</Alert>
        ) : (
          <Text size="sm">Everything {next.label} asks for is there.</Text>
        )}
        {permission.allowed && (
          <Group>
            <Button
              disabled={
                missing.length > 0 ||
                (option !== undefined && !option.allowed && option.refusal._tag === "DetailsRequired")
              }
              onClick={() => setOpen({ variant: move, prefill: { stageId: next.id }, fixed: ["stageId"] })}
            >
              Move to {next.label}
            </Button>
          </Group>
        )}
      </Stack>
      <CommandDialog workspaceId={workspaceId} open={open} record={record} onClose={() => setOpen(null)} />
    </SectionCard>
  );
}
