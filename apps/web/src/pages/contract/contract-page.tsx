// Contract: where it stands in its life cycle and how it got there, who has approved and who still must, its
// notice deadline and renewal deal, its towers and milestones — and the moves the user may make now (from the
// domain, before any request), each sent with If-Match; a refusal shows the server's sentence.
import {
  type Actor,
  type Contract,
  dateOf,
  describeDuration,
  isMasked,
  nextRetainerPeriod,
  pendingApprovals,
  type Redacted,
  renewalSchedule,
  reportsOf,
  timestamp,
  type WorkspaceSettings,
} from "@accountable/domain";
import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Timeline,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { getRouteApi } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { useAccount } from "../../api/account-360.ts";
import { errorText } from "../../api/client.ts";
import { useContract, useContractCommand, useContractHistory, useOpportunity } from "../../api/contract.ts";
import { useMembership } from "../../api/session.ts";
import { useMemberNames, useMembers, useWorkspace } from "../../api/workspace.ts";
import { CommandPanel } from "../../commands/command-panel.tsx";
import { ChainLinks } from "../../ui/chain-links.tsx";
import { daysUntil, formatDate, formatDateTime, humanize, NOT_YET, relativeDays } from "../../ui/format.ts";
import { AnchorLink, RecordLink } from "../../ui/links.tsx";
import { MoneyText } from "../../ui/money-text.tsx";
import { QueryState } from "../../ui/query-state.tsx";
import { RecordRef } from "../../ui/record-ref.tsx";
import { SectionCard } from "../../ui/section-card.tsx";
import {
  type ContractMove,
  contractMoves,
  describeHandover,
  moveCommand,
  OFFERED_MOVES,
  type OfferedMove,
  REASONS,
} from "./contract-moves.ts";

const route = getRouteApi("/w/$workspaceId/contracts/$contractId");

const STATUS_COLORS: Record<Contract["status"], string> = {
  draft: "gray",
  in_negotiation: "blue",
  pending_approval: "yellow",
  signed: "teal",
  active: "green",
  expiring: "orange",
  renewed: "indigo",
  expired: "gray",
  terminated: "red",
  withdrawn: "gray",
};

/** Whether the reader sees the contract's money: judged per contract, so its value speaks for all of it. */
const withMoney = (c: Redacted<Contract>): c is Contract => !isMasked(c.value);

export function ContractPage() {
  const { workspaceId, contractId } = route.useParams();
  const record = useContract(workspaceId, contractId);
  return (
    <QueryState query={record} label="the contract">
      {({ contract, version }) => (
        <ContractView workspaceId={workspaceId} contract={contract} version={version} />
      )}
    </QueryState>
  );
}

function ContractView(props: {
  readonly workspaceId: string;
  readonly contract: Redacted<Contract>;
  readonly version: number;
}) {
  const { workspaceId, contract, version } = props;
  const name = useMemberNames(workspaceId);
  const settings = useWorkspace(workspaceId).data?.state.settings as WorkspaceSettings | undefined;
  const account = useAccount(workspaceId, contract.accountId).data?.account;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Group gap="sm" align="center">
          <Title order={1}>{contract.title}</Title>
          <Badge size="lg" color={STATUS_COLORS[contract.status]} data-testid="contract-status">
            {humanize(contract.status)}
          </Badge>
        </Group>
        <Text c="dimmed">
          <AnchorLink
            to="/w/$workspaceId/accounts/$accountId"
            params={{ workspaceId, accountId: contract.accountId }}
          >
            {account?.name ?? contract.accountId}
          </AnchorLink>
          {" · "}
          <MoneyText value={contract.value} />
          {contract.discountPercent > 0 ? ` after a discount of ${contract.discountPercent} %` : ""}
          {` · ${formatDate(contract.startDate)} to ${formatDate(contract.endDate)} · owner ${name(contract.ownerId)}`}
        </Text>
      </Stack>
      {settings && (
        <ContractActions
          workspaceId={workspaceId}
          contract={contract}
          version={version}
          settings={settings}
        />
      )}
      <CommandPanel
        workspaceId={workspaceId}
        aggregate="contract"
        record={{ id: contract.id, version, state: { ...contract } }}
        omit={OFFERED_MOVES}
        title="More commands"
      />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Approvals contract={contract} settings={settings} name={name} />
        {settings && <Renewal workspaceId={workspaceId} contract={contract} settings={settings} />}
        <ChainLinks
          workspaceId={workspaceId}
          opportunityId={contract.opportunityId}
          briefsBy={{ contractId: contract.id }}
        />
        <BillingSchedule contract={contract} />
        <Towers contract={contract} name={name} />
        <History workspaceId={workspaceId} contractId={contract.id} name={name} />
      </SimpleGrid>
    </Stack>
  );
}

function ContractActions(props: {
  readonly workspaceId: string;
  readonly contract: Redacted<Contract>;
  readonly version: number;
  readonly settings: WorkspaceSettings;
}) {
  const { workspaceId, contract, version, settings } = props;
  const membership = useMembership(workspaceId);
  const members = useMembers(workspaceId).data;
  const account = useAccount(workspaceId, contract.accountId).data?.account ?? null;
  const send = useContractCommand(workspaceId, contract.id);
  const [asking, setAsking] = useState<OfferedMove | null>(null);
  const [reason, setReason] = useState("");

  const moves = useMemo((): ContractMove[] => {
    // Whoever may move or approve a contract sees its money (finance.read reaches as far as contract.transition
    // and contract.approve in every role): a reader who sees it masked is offered no move.
    if (!membership || !withMoney(contract)) return [];
    const actor = { memberId: membership.memberId, role: membership.role } as Actor;
    return contractMoves(contract, {
      actor,
      now: timestamp(new Date().toISOString()),
      approvalAuthority: settings.approvalAuthority,
      renewals: settings.renewals,
      handover: settings.handover,
      billing: settings.billing,
      account,
      reportsOf: members ? [...reportsOf(members as never, actor.memberId)] : [],
    });
  }, [contract, membership, settings, account, members]);

  const run = (type: OfferedMove, why?: string) =>
    send.mutate(
      { version, command: moveCommand(type, why) },
      {
        onSuccess: () => {
          setAsking(null);
          setReason("");
          notifications.show({
            color: "green",
            message: `${contract.title}: ${moves.find((m) => m.type === type)?.label ?? humanize(type)} — done.`,
          });
        },
      },
    );

  const allowed = moves.filter((m) => m.allowed);
  const blocked = moves.filter((m): m is Extract<ContractMove, { allowed: false }> => !m.allowed);
  const prompt = asking ? REASONS[asking] : undefined;

  return (
    <SectionCard title="Next steps" testId="contract-actions">
      <Stack gap="sm">
        {moves.length === 0 && <Text c="dimmed">No move is open from {humanize(contract.status)}.</Text>}
        {allowed.length > 0 && (
          <Group gap="sm">
            {allowed.map((m) => (
              <Button
                key={m.type}
                variant={m.type === "Withdraw" || m.type === "Terminate" ? "light" : "filled"}
                color={m.type === "Withdraw" || m.type === "Terminate" ? "red" : "indigo"}
                loading={send.isPending && send.variables?.command.type === m.type}
                disabled={send.isPending}
                onClick={() => (REASONS[m.type] ? setAsking(m.type) : run(m.type))}
              >
                {capitalize(m.label)}
              </Button>
            ))}
          </Group>
        )}
        {blocked.length > 0 && (
          <List size="sm" spacing={4} aria-label="Moves not open yet">
            {blocked.map((m) => (
              <List.Item key={m.type}>
                <Text size="sm" span fw={500}>
                  {capitalize(m.label)}:
                </Text>{" "}
                <Text size="sm" span c="dimmed">
                  {m.why}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
        {send.isError && !asking && (
          <Alert color="red" role="alert" title="The server refused">
            {errorText(send.error)}
          </Alert>
        )}
      </Stack>
      <Modal
        opened={asking !== null}
        onClose={() => setAsking(null)}
        title={asking ? capitalize(moves.find((m) => m.type === asking)?.label ?? humanize(asking)) : ""}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (asking) run(asking, reason);
          }}
        >
          <Stack gap="sm">
            <Textarea
              label={prompt?.prompt ?? "Reason"}
              required={prompt ? !prompt.optional : false}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
              data-autofocus
            />
            {send.isError && (
              <Alert color="red" role="alert">
                {errorText(send.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(null)}>
                Cancel
              </Button>
              <Button type="submit" loading={send.isPending}>
                Confirm
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </SectionCard>
  );
}

function Approvals(props: {
  readonly contract: Redacted<Contract>;
  readonly settings: WorkspaceSettings | undefined;
  readonly name: (id: string) => string;
}) {
  const { contract, settings, name } = props;
  // Whether a senior approval covers a requirement depends on the value: without it, every requirement is listed.
  const pending =
    settings && withMoney(contract)
      ? pendingApprovals(contract, settings.approvalAuthority)
      : contract.requiredApprovals;
  const decided = contract.requiredApprovals.length > 0 || contract.approvals.length > 0;
  return (
    <SectionCard title="Approvals" testId="contract-approvals">
      {!decided ? (
        <Text c="dimmed">
          {contract.status === "draft" || contract.status === "in_negotiation"
            ? "Who must approve is decided when the contract is submitted for approval."
            : "This contract needed no approval."}
        </Text>
      ) : (
        <Stack gap="xs">
          <Text size="sm">
            Required: {contract.requiredApprovals.map((r) => humanize(r)).join(", ") || "none"}
          </Text>
          {contract.approvals.map((a) => (
            <Group key={`${a.memberId}-${a.at}`} gap="xs">
              <Badge color="green" variant="light">
                approved
              </Badge>
              <Text size="sm">
                {name(a.memberId)} ({humanize(a.role)}) on {formatDateTime(a.at)}
              </Text>
            </Group>
          ))}
          {pending.map((role) => (
            <Group key={role} gap="xs" data-testid="approval-pending">
              <Badge color="yellow" variant="light">
                waiting
              </Badge>
              <Text size="sm">{humanize(role)} must still approve</Text>
            </Group>
          ))}
          {pending.length === 0 && contract.status === "pending_approval" && (
            <Text size="sm" c="green">
              Every required approval is in: the contract may be signed.
            </Text>
          )}
        </Stack>
      )}
    </SectionCard>
  );
}

function Renewal(props: {
  readonly workspaceId: string;
  readonly contract: Redacted<Contract>;
  readonly settings: WorkspaceSettings;
}) {
  const { workspaceId, contract, settings } = props;
  // Its sentences spell dates as read today ("the last day to give notice of 3 months before the end on 31 Dec").
  const schedule = renewalSchedule(contract, settings.renewals, dateOf(timestamp(new Date().toISOString())));
  const deadline = daysUntil(schedule.noticeDeadline.on);
  const ended = ["renewed", "expired", "terminated", "withdrawn"].includes(contract.status);
  const renewal = useOpportunity(workspaceId, contract.renewalOpportunityId);
  return (
    <SectionCard title="Notice deadline and renewal" testId="contract-renewal">
      <Stack gap="xs">
        <Group gap="xs" align="baseline">
          <Text fw={600}>Notice deadline: {formatDate(schedule.noticeDeadline.on)}</Text>
          {!ended && (
            <Text size="sm" c={deadline < 0 ? "dimmed" : deadline <= 30 ? "orange" : "inherit"}>
              ({relativeDays(deadline)})
            </Text>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {capitalize(schedule.noticeDeadline.because)}.
        </Text>
        <Text size="sm">
          Term {describeDuration(contract.term)}, notice {describeDuration(contract.noticePeriod)}; the notice
          window opens on {formatDate(schedule.windowOpensOn.on)}.
        </Text>
        {schedule.tacitRenewal ? (
          <Text size="sm">
            Renews by itself on {formatDate(schedule.tacitRenewal.renewsOn.on)} (until{" "}
            {formatDate(schedule.tacitRenewal.newEndDate.on)}) unless notice is given; tell the client by{" "}
            {formatDate(schedule.tacitRenewal.clientMustBeToldBy.on)}.
          </Text>
        ) : (
          <Text size="sm">
            {contract.nonRenewalNoticeAt
              ? `Notice of non-renewal given on ${formatDateTime(contract.nonRenewalNoticeAt)}${contract.nonRenewalNoticeReason ? `: ${contract.nonRenewalNoticeReason}` : ""}.`
              : "Does not renew by itself."}
          </Text>
        )}
        <Text fw={600} size="sm" mt="xs">
          Renewal opportunity
        </Text>
        {contract.renewalOpportunityId === null ? (
          <Text size="sm" c="dimmed">
            None linked yet.
          </Text>
        ) : (
          <QueryState query={renewal} label="the renewal opportunity">
            {(deal) => (
              <Text size="sm" data-testid="renewal-opportunity">
                <RecordLink
                  workspaceId={workspaceId}
                  collection="opportunities"
                  id={contract.renewalOpportunityId!}
                >
                  {deal.name}
                </RecordLink>{" "}
                · {humanize(deal.status)} ·{" "}
                {props.settings.pipelines
                  .find((p) => p.id === deal.pipelineId)
                  ?.stages.find((st) => st.id === deal.stageId)?.label ?? humanize(deal.stageId)}{" "}
                · <MoneyText value={deal.amount} empty={NOT_YET.amount} /> ·{" "}
                {deal.closeDate === null ? NOT_YET.closeDate : `closes ${formatDate(deal.closeDate)}`}
              </Text>
            )}
          </QueryState>
        )}
        {/* The contracts this one renews and was renewed by, by their titles (they read as ids elsewhere). */}
        {contract.previousContractId !== null && (
          <Text size="sm" data-testid="renews-contract">
            <Text span fw={600}>
              Renews:{" "}
            </Text>
            <RecordRef workspaceId={workspaceId} aggregate="contract" id={contract.previousContractId} />
          </Text>
        )}
        {contract.renewedById !== null && (
          <Text size="sm" data-testid="renewed-by-contract">
            <Text span fw={600}>
              Renewed by:{" "}
            </Text>
            <RecordRef workspaceId={workspaceId} aggregate="contract" id={contract.renewedById} />
          </Text>
        )}
      </Stack>
    </SectionCard>
  );
}

/** A retainer's billing schedule: what each period bills, when, what is billed so far and the next period. */
function BillingSchedule(props: { readonly contract: Redacted<Contract> }) {
  const { contract } = props;
  const s = contract.billingSchedule;
  const next = s && withMoney(contract) ? nextRetainerPeriod(contract) : null;
  return (
    <SectionCard title="Billing schedule" testId="contract-billing-schedule">
      {s === null ? (
        <Text c="dimmed">
          No billing schedule: the contract bills by milestone or by hand. A retainer sets one with "set the
          billing schedule".
        </Text>
      ) : (
        <Table variant="vertical" aria-label="Billing schedule" withTableBorder={false}>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={180}>Each period</Table.Th>
              <Table.Td>
                <MoneyText value={s.amount} /> {s.period === "monthly" ? "a month" : "a quarter"}
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Periods</Table.Th>
              <Table.Td>
                {`from ${formatDate(s.startsOn)} to the contract's end, ${formatDate(contract.endDate)}; invoiced on day ${s.issueDay} of each`}
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Billed</Table.Th>
              <Table.Td>
                {s.billedThrough ? `through ${formatDate(s.billedThrough)}` : "nothing yet"}
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Next period</Table.Th>
              <Table.Td>
                {next === null ? (
                  s.billedThrough === contract.endDate ? (
                    "every period is billed"
                  ) : (
                    "—"
                  )
                ) : (
                  <>
                    {`${formatDate(next.start)} to ${formatDate(next.end)}, invoiced ${formatDate(next.issueOn)}: `}
                    <MoneyText value={next.amount} />
                  </>
                )}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
    </SectionCard>
  );
}

function Towers(props: { readonly contract: Redacted<Contract>; readonly name: (id: string) => string }) {
  const { contract, name } = props;
  return (
    <SectionCard title="Towers and milestones" count={contract.towers.length}>
      {contract.towers.length === 0 ? (
        <Text c="dimmed">No towers: the contract is one service line.</Text>
      ) : (
        <Table striped aria-label="Towers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Tower</Table.Th>
              <Table.Th>Account manager</Table.Th>
              <Table.Th ta="right">Value</Table.Th>
              <Table.Th ta="right">Cost</Table.Th>
              <Table.Th>Renews</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {contract.towers.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>{t.name}</Table.Td>
                <Table.Td>{name(t.accountManagerId)}</Table.Td>
                <Table.Td ta="right">
                  <MoneyText value={t.value} />
                </Table.Td>
                <Table.Td ta="right">
                  <MoneyText value={t.cost} />
                </Table.Td>
                <Table.Td>{t.renewalDate ? formatDate(t.renewalDate) : "with the contract"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {contract.milestones.length > 0 && (
        <Table striped mt="sm" aria-label="Milestones">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Milestone</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>Done</Table.Th>
              <Table.Th ta="right">Billable</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {contract.milestones.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{m.title}</Table.Td>
                <Table.Td>{formatDate(m.dueDate)}</Table.Td>
                <Table.Td>{m.doneOn ? formatDate(m.doneOn) : "—"}</Table.Td>
                <Table.Td ta="right">
                  <MoneyText value={m.amount} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SectionCard>
  );
}

function History(props: {
  readonly workspaceId: string;
  readonly contractId: string;
  readonly name: (id: string) => string;
}) {
  const history = useContractHistory(props.workspaceId, props.contractId);
  return (
    <SectionCard title="Life cycle" count={history.data?.length} testId="contract-history">
      <QueryState query={history} label="the contract's history">
        {(events) => (
          <Timeline active={events.length - 1} bulletSize={14} lineWidth={2}>
            {events.map((e) => (
              <Timeline.Item
                key={e.version}
                title={humanize(e.type.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase())}
              >
                <Text size="xs" c="dimmed">
                  {formatDateTime(e.at)} · {props.name(e.actorId)}
                </Text>
                {e.reason && <Text size="sm">{e.reason}</Text>}
                {e.type === "DeliveryHandedOver" && (
                  <Text size="sm" data-testid="handover-summary">
                    {describeHandover(e.payload, props.name)}
                  </Text>
                )}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </QueryState>
    </SectionCard>
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
