// The pipeline board: a kanban per pipeline, by stage. A drop is first put to the domain (explainStageMoves:
// exit criteria, no skipping, no moving back, stage roles); a blocked drop says why and sends nothing, an
// allowed one sends the command with If-Match: the card's version (every list item carries its record's
// version), with no read before or after — the command answers the deal as it now stands. A 409 (someone changed
// the deal meanwhile) says so in words and reloads the board; a 422 (a rule) shows its `detail`.
import "@mantine/dates/styles.css";
import {
  type Actor,
  creationStages,
  type DealDetail,
  type ExitCriterion,
  type Opportunity,
  type Pipeline,
  type Timestamp,
} from "@accountable/domain";
import {
  type Announcements,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { Alert, Button, Group, List, Loader, Modal, Stack, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError, errorText } from "../../api/client.ts";
import {
  accountFactsQuery,
  type BoardDeal,
  type BoardDeals,
  boardDealsKey,
  type BoardFilters as Filters,
  sendStageCommand,
  useAccountNames,
  useBoardDeals,
} from "../../api/opportunities.ts";
import { type Membership, useMembership } from "../../api/session.ts";
import { useMembers, useWorkspace } from "../../api/workspace.ts";
import { commandVariant } from "../../commands/aggregates.ts";
import { CommandDialog, useAsker } from "../../commands/command-panel.tsx";
import { permissionFor } from "../../commands/record-commands.ts";
import { QueryState } from "../../ui/query-state.tsx";
import { CriterionFixes, DetailFixes } from "../record/deal-next-stage.tsx";
import { BoardColumn } from "./board-column.tsx";
import { BoardFilters, type FilterValues } from "./board-filters.tsx";
import { DealCardOverlay } from "./deal-card.tsx";
import { checkDrop, type DropCheck, type DropContext, dropAnnouncement } from "./drop-check.ts";
import { columnCoordinates } from "./keyboard.ts";

const route = getRouteApi("/w/$workspaceId/pipeline");

/**
 * Set once the board has rendered the first page of every column (drawn and usable): the benchmark measures
 * navigation start → this mark. The later pages follow; BOARD_COMPLETE_MARK is set when every deal is in.
 */
export const BOARD_READY_MARK = "board-interactive";
export const BOARD_COMPLETE_MARK = "board-complete";

export function BoardPage() {
  const { workspaceId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const workspace = useWorkspace(workspaceId);
  const members = useMembers(workspaceId);
  const membership = useMembership(workspaceId);

  const values: FilterValues = {
    pipelineId: search.pipeline,
    ownerId: search.owner,
    types: search.type ? search.type.split(",") : [],
    from: search.from,
    to: search.to,
  };
  const setFilters = (next: Partial<FilterValues>) => {
    const v = { ...values, ...next };
    void navigate({
      search: {
        ...(v.pipelineId ? { pipeline: v.pipelineId } : {}),
        ...(v.ownerId ? { owner: v.ownerId } : {}),
        ...(v.types.length > 0 ? { type: v.types.join(",") } : {}),
        ...(v.from ? { from: v.from } : {}),
        ...(v.to ? { to: v.to } : {}),
      },
      replace: true,
    });
  };

  return (
    <Stack gap="sm" h="calc(100vh - 88px)">
      <Title order={1}>Pipeline</Title>
      <QueryState query={workspace} label="the workspace">
        {(ws) => {
          const pipelines = ws.state.settings.pipelines as unknown as Pipeline[];
          const pipeline = pipelines.find((p) => p.id === values.pipelineId) ?? pipelines[0];
          if (!pipeline || !membership) return <Text>No pipeline is set up.</Text>;
          return (
            <>
              <BoardFilters
                pipelines={ws.state.settings.pipelines}
                members={members.data ?? []}
                values={{ ...values, pipelineId: pipeline.id }}
                onChange={setFilters}
              />
              <Board
                workspaceId={workspaceId}
                pipeline={pipeline}
                membership={membership}
                filters={{
                  ownerId: values.ownerId,
                  types: values.types as Filters["types"],
                  closeFrom: values.from,
                  closeTo: values.to,
                }}
                ownerName={(id) => members.data?.find((m) => m.id === id)?.name ?? id}
              />
            </>
          );
        }}
      </QueryState>
    </Stack>
  );
}

interface Feedback {
  readonly color: "red" | "orange" | "green";
  readonly title: string;
  readonly lines: readonly string[];
  /**
   * A move blocked by exit criteria or by details its stage requires: the deal and what it misses, offered as the
   * deal page's fix buttons (criteria), or as the fields that set the details, after which the move is made.
   */
  readonly fix?: {
    readonly deal: BoardDeal;
    readonly stageId: string;
    readonly stageLabel: string;
    readonly criteria: readonly ExitCriterion[];
    readonly details: readonly DealDetail[];
  };
}

interface PendingReason {
  readonly deal: BoardDeal;
  readonly stageId: string;
  readonly prompt: string;
  readonly stageLabel: string;
}

/** Pointer first (the column under the pointer), else the column the dragged card overlaps most (keyboard). */
const collisionDetection: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length > 0 ? hits : rectIntersection(args);
};

const nowStamp = () => new Date().toISOString() as Timestamp;

function Board(props: {
  readonly workspaceId: string;
  readonly pipeline: Pipeline;
  readonly membership: Membership;
  readonly filters: Filters;
  readonly ownerName: (memberId: string) => string;
}) {
  const { workspaceId, pipeline, membership, filters, ownerName } = props;
  const qc = useQueryClient();
  const deals = useBoardDeals(workspaceId, pipeline, filters);
  const names = useAccountNames(workspaceId).data;
  const accountName = useCallback((id: string) => names?.get(id), [names]);
  const key = boardDealsKey(workspaceId, pipeline, filters);
  const [active, setActive] = useState<BoardDeal | null>(null);
  const [hints, setHints] = useState<ReadonlyMap<string, "allowed" | "blocked">>(new Map());
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [pendingReason, setPendingReason] = useState<PendingReason | null>(null);
  const boardRef = useRef<HTMLDivElement>(null);
  const marked = useRef(false);
  const markedComplete = useRef(false);
  // What the member may do on the board at all (a deal of their own): a viewer gets no "New deal" and no
  // invitation to drop deals on the closing stages.
  const asker = useAsker(workspaceId, null);
  const mayOnOwnDeal = (type: string) =>
    asker !== undefined &&
    permissionFor("opportunity", type, { ownerId: asker.actor.memberId }, asker).allowed;
  const mayCreateDeals = mayOnOwnDeal("CreateOpportunity");
  // "+ New deal" only under the stages the pipeline lets deals start in (the domain refuses the others).
  const startStages = useMemo(() => new Set<string>(creationStages(pipeline)), [pipeline]);
  const mayMoveDeals = mayOnOwnDeal("MoveStage");

  const actor = useMemo(
    () => ({ memberId: membership.memberId, role: membership.role }) as unknown as Actor,
    [membership],
  );
  const stageLabel = useCallback(
    (id: unknown) => pipeline.stages.find((s) => s.id === id)?.label ?? String(id),
    [pipeline],
  );

  const openStages = pipeline.stages.filter((s) => s.kind === "open");
  const closingStages = pipeline.stages.filter((s) => s.kind !== "open");
  const byStage = useMemo(() => {
    const map = new Map<string, BoardDeal[]>();
    for (const s of pipeline.stages) map.set(s.id, []);
    for (const d of deals.data?.deals ?? []) map.get(d.stageId)?.push(d);
    return map;
  }, [deals.data, pipeline]);
  const loadingStages = useMemo(() => new Set(deals.data?.loading ?? []), [deals.data]);
  const complete = deals.data !== undefined && loadingStages.size === 0;

  useEffect(() => {
    if (!deals.data || marked.current) return;
    marked.current = true;
    requestAnimationFrame(() => {
      performance.mark(BOARD_READY_MARK);
      boardRef.current?.setAttribute("data-ready", "true");
    });
  }, [deals.data]);
  useEffect(() => {
    if (!complete || markedComplete.current) return;
    markedComplete.current = true;
    requestAnimationFrame(() => {
      performance.mark(BOARD_COMPLETE_MARK);
      boardRef.current?.setAttribute("data-complete", "true");
    });
  }, [complete]);

  const dropContext = useCallback(
    async (deal: BoardDeal): Promise<DropContext> => {
      const facts = await qc.ensureQueryData(accountFactsQuery(workspaceId, deal.accountId));
      return { pipeline, actor, now: nowStamp(), contacts: facts.contacts, contracts: facts.contracts };
    },
    [qc, workspaceId, pipeline, actor],
  );

  const replaceDeal = (id: string, next: BoardDeal | null) =>
    qc.setQueryData<BoardDeals>(key, (old) => {
      if (!old) return old;
      if (next?.status !== "open") return { ...old, deals: old.deals.filter((d) => d.id !== id) };
      return { ...old, deals: old.deals.map((d) => (d.id === id ? next : d)) };
    });

  // Decided on the card as the board holds it (its version goes as If-Match): no read before, none after.
  const move = useMutation({
    mutationFn: (input: { deal: BoardDeal; check: Extract<DropCheck, { kind: "allowed" }> }) =>
      sendStageCommand(workspaceId, input.deal.id, input.deal.version, input.check.command),
    onMutate: async ({ deal, check }) => {
      // A read under way would write the deals as they were over the move. While the columns' later pages are
      // still coming they are added to the board as it stands (the moved card kept as moved): let them come.
      if (qc.getQueryData<BoardDeals>(key)?.loading.length === 0) await qc.cancelQueries({ queryKey: key });
      const previous = qc.getQueryData<BoardDeals>(key);
      const stageId = check.command.type === "MoveStage" ? check.command.stageId : undefined;
      replaceDeal(deal.id, stageId ? { ...deal, stageId: stageId as Opportunity["stageId"] } : null);
      return { previous };
    },
    onError: (error, { deal }, context) => {
      if (context?.previous) qc.setQueryData(key, context.previous);
      const stale = error instanceof ApiError && error.status === 409;
      setFeedback(
        stale
          ? {
              color: "red",
              title: `${deal.name} changed meanwhile`,
              lines: [
                "Someone changed this deal after the board was loaded, so it was not moved. The board now shows it as it is: look at it, then move it again.",
              ],
            }
          : { color: "red", title: `${deal.name} was not moved`, lines: [errorText(error)] },
      );
      if (stale) void qc.invalidateQueries({ queryKey: key });
    },
    onSuccess: (moved, { deal, check }) => {
      replaceDeal(deal.id, { ...moved.deal, version: moved.version });
      setFeedback(null);
      notifications.show({ color: "green", message: `${deal.name} moved to ${check.stageLabel}.` });
    },
  });

  const showCheck = (deal: BoardDeal, stageId: string, check: DropCheck) => {
    if (check.kind === "blocked") {
      setFeedback({
        color: "orange",
        title: check.missing.length > 0 ? check.message : `${deal.name} cannot move to ${check.stageLabel}`,
        lines: check.missing.length > 0 ? check.missing : [check.message],
        ...(check.criteria.length > 0 || check.details.length > 0
          ? {
              fix: {
                deal,
                stageId,
                stageLabel: check.stageLabel,
                criteria: check.criteria,
                details: check.details,
              },
            }
          : {}),
      });
    }
  };

  const drop = async (deal: BoardDeal, stageId: string, reason?: string) => {
    const check = checkDrop(deal, stageId, await dropContext(deal), reason);
    switch (check.kind) {
      case "same-stage":
        return;
      case "blocked":
        showCheck(deal, stageId, check);
        return;
      case "needs-reason":
        setPendingReason({ deal, stageId, prompt: check.prompt, stageLabel: check.stageLabel });
        return;
      case "allowed":
        setFeedback(null);
        move.mutate({ deal, check });
    }
  };

  const onDragStart = (event: DragStartEvent) => {
    const deal = event.active.data.current?.deal as BoardDeal | undefined;
    if (!deal) return;
    setActive(deal);
    setHints(new Map());
    void dropContext(deal).then((ctx) => {
      const next = new Map<string, "allowed" | "blocked">();
      for (const s of pipeline.stages) {
        const c = checkDrop(deal, s.id, ctx);
        if (c.kind !== "same-stage") next.set(s.id, c.kind === "blocked" ? "blocked" : "allowed");
      }
      setHints(next);
    });
  };

  const onDragEnd = (event: DragEndEvent) => {
    const deal = event.active.data.current?.deal as BoardDeal | undefined;
    setActive(null);
    setHints(new Map());
    if (!deal || !event.over) return;
    void drop(deal, String(event.over.id));
  };

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnCoordinates }),
  );

  const [newDealIn, setNewDealIn] = useState<string | null>(null);
  const dealName = (id: unknown) => deals.data?.deals.find((d) => d.id === id)?.name ?? "The deal";
  const announcements: Announcements = {
    onDragStart: ({ active: a }) =>
      `Picked up ${dealName(a.id)}. Use the left and right arrow keys to choose a stage, space to drop, escape to cancel.`,
    onDragOver: ({ active: a, over }) =>
      over
        ? `${dealName(a.id)} is over ${stageLabel(over.id)}${hints.get(String(over.id)) === "blocked" ? ", where it cannot go yet" : ""}.`
        : `${dealName(a.id)} is not over a stage.`,
    // A refused move says so (it said "… was dropped on Proposal." before the board put it back).
    onDragEnd: ({ active: a, over }) => {
      const from = stageLabel(deals.data?.deals.find((d) => d.id === a.id)?.stageId);
      return dropAnnouncement(
        dealName(a.id),
        from,
        over ? stageLabel(over.id) : null,
        over ? hints.get(String(over.id)) : undefined,
      );
    },
    onDragCancel: ({ active: a }) => `Moving ${dealName(a.id)} was cancelled.`,
  };

  return (
    <>
      {feedback && (
        <Alert
          color={feedback.color}
          title={feedback.title}
          role="alert"
          data-testid="board-feedback"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setFeedback(null)}
        >
          {feedback.fix && feedback.fix.details.length > 0 ? (
            <DetailFixes
              workspaceId={workspaceId}
              record={{
                id: feedback.fix.deal.id,
                version: feedback.fix.deal.version,
                state: { ...feedback.fix.deal },
              }}
              missing={feedback.fix.details}
              submitLabel={`Set and move to ${feedback.fix.stageLabel}`}
              onDone={(result) => {
                // Set on the deal's version; the move is then decided again, and sent, on the version it answered.
                const { deal, stageId } = feedback.fix!;
                setFeedback(null);
                // The command answered the deal as it now stands (its whole state and version).
                const now = { ...deal, ...result.state, version: result.version } as BoardDeal;
                void drop(now, stageId);
              }}
            />
          ) : feedback.fix ? (
            <CriterionFixes
              workspaceId={workspaceId}
              record={{
                id: feedback.fix.deal.id,
                version: feedback.fix.deal.version,
                state: { ...feedback.fix.deal },
              }}
              accountId={feedback.fix.deal.accountId}
              missing={feedback.fix.criteria}
              onDone={() => {
                // The deal's version moved (and a contact may have joined its account): read both again, so the
                // next drop is judged, and sent, on the deal as it now stands.
                setFeedback(null);
                void qc.invalidateQueries({ queryKey: key });
                void qc.invalidateQueries({
                  queryKey: accountFactsQuery(workspaceId, feedback.fix!.deal.accountId).queryKey,
                });
              }}
            />
          ) : feedback.lines.length === 1 ? (
            <Text size="sm">{feedback.lines[0]}</Text>
          ) : (
            <List size="sm">
              {feedback.lines.map((l) => (
                <List.Item key={l}>{l}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      <QueryState query={deals} label="the deals">
        {() => (
          <DndContext
            sensors={sensors}
            collisionDetection={collisionDetection}
            onDragStart={onDragStart}
            onDragEnd={onDragEnd}
            onDragCancel={() => {
              setActive(null);
              setHints(new Map());
            }}
            accessibility={{
              announcements,
              screenReaderInstructions: {
                draggable:
                  "To move a deal to another stage, press space to pick it up, use the left and right arrow keys to choose a stage, and press space again to drop it. Press escape to cancel.",
              },
            }}
          >
            <div
              ref={boardRef}
              data-testid="board"
              aria-busy={move.isPending || !complete}
              style={{ display: "flex", gap: 12, overflowX: "auto", flex: 1, minHeight: 0, paddingBottom: 8 }}
            >
              {openStages.map((stage) => (
                <BoardColumn
                  key={stage.id}
                  stage={stage}
                  deals={byStage.get(stage.id) ?? []}
                  loading={loadingStages.has(stage.id)}
                  ownerName={ownerName}
                  accountName={accountName}
                  workspaceId={workspaceId}
                  dropHint={active ? hints.get(stage.id) : undefined}
                  onNewDeal={
                    mayCreateDeals && startStages.has(stage.id) ? () => setNewDealIn(stage.id) : undefined
                  }
                  memberId={membership.memberId}
                />
              ))}
              {/* The closing stages, stacked in one narrow column: every stage in sight at 1280 px. */}
              {closingStages.length > 0 && (
                <div
                  data-testid="closing-stages"
                  style={{ flex: "0 0 168px", display: "flex", flexDirection: "column", gap: 8 }}
                >
                  {closingStages.map((stage) => (
                    <BoardColumn
                      key={stage.id}
                      stage={stage}
                      deals={[]}
                      ownerName={ownerName}
                      accountName={accountName}
                      dropHint={active ? hints.get(stage.id) : undefined}
                      takesDrops={mayMoveDeals}
                    />
                  ))}
                </div>
              )}
            </div>
            <DragOverlay>
              {active ? (
                <DealCardOverlay
                  deal={active}
                  ownerName={ownerName(active.ownerId)}
                  accountName={accountName(active.accountId)}
                />
              ) : null}
            </DragOverlay>
          </DndContext>
        )}
      </QueryState>
      <CommandDialog
        workspaceId={workspaceId}
        open={
          newDealIn
            ? {
                variant: commandVariant("opportunity", "CreateOpportunity")!,
                prefill: { stageId: newDealIn, ownerId: membership.memberId },
                fixed: ["stageId"],
              }
            : null
        }
        record={null}
        onClose={() => setNewDealIn(null)}
      />
      {move.isPending && (
        <Group gap="xs" pos="fixed" bottom={16} right={16}>
          <Loader size="xs" />
          <Text size="sm">Moving…</Text>
        </Group>
      )}
      <ReasonModal
        pending={pendingReason}
        onClose={() => setPendingReason(null)}
        onSubmit={(reason) => {
          if (!pendingReason) return;
          setPendingReason(null);
          void drop(pendingReason.deal, pendingReason.stageId, reason);
        }}
      />
    </>
  );
}

function ReasonModal(props: {
  readonly pending: PendingReason | null;
  readonly onClose: () => void;
  readonly onSubmit: (reason: string) => void;
}) {
  const [reason, setReason] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim()) props.onSubmit(reason.trim());
    setReason("");
  };
  return (
    <Modal
      opened={props.pending !== null}
      onClose={props.onClose}
      title={props.pending ? `Move ${props.pending.deal.name} to ${props.pending.stageLabel}` : ""}
    >
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm">{props.pending?.prompt}</Text>
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-autofocus
          />
          <Group justify="end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit">Move</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
