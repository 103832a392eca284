// What a member's calendar feed holds, gathered from the read tables and dated by the domain (the API renders it
// as iCalendar): their open tasks
// (due dates; a task agreed with the client is a client deadline), client deadlines of open briefs, planned
// activities (meetings, calls), and for binding contracts the notice deadline, the end date and a tacit
// renewal date. "Theirs" means assigned to them or on an account they own or are on the team of.
import {
  ActivitySchema,
  BINDING_CONTRACT_STATUSES,
  BriefSchema,
  type CalendarDate,
  ContractSchema,
  OPEN_TASK_STATUSES,
  renewalSchedule,
  TaskSchema,
  type WorkspaceSettings,
} from "@accountable/domain";
import { calendarRows, type StoreDatabase } from "@accountable/store";

/** One dated item of the feed. */
export interface CalendarItem {
  readonly uid: string;
  readonly kind: "task" | "client-deadline" | "meeting" | "notice-deadline" | "contract-end" | "renewal";
  readonly summary: string;
  readonly description: string;
  /** A whole day, or a moment (planned activities). */
  readonly date: CalendarDate | null;
  readonly at: string | null;
}

const FINISHED_BRIEF = ["delivered", "closed", "rejected"];

/** The member's dated items. `from` drops contract dates already long past. */
export async function calendarItems(
  db: StoreDatabase,
  input: {
    readonly workspaceId: string;
    readonly memberId: string;
    readonly settings: WorkspaceSettings;
    readonly from: CalendarDate;
  },
): Promise<CalendarItem[]> {
  const rows = await calendarRows(db, {
    ...input,
    openTaskStatuses: OPEN_TASK_STATUSES,
    finishedBriefStatuses: FINISHED_BRIEF,
    contractStatuses: BINDING_CONTRACT_STATUSES,
  });
  const accountName = new Map(rows.accounts.map((a) => [a.id, a.name]));
  const nameOf = (id: string) => accountName.get(id) ?? id;
  const items: CalendarItem[] = [];

  for (const task of rows.tasks.map((d) => TaskSchema.parse(d)))
    items.push({
      uid: `task-${task.id}`,
      kind: task.agreedWithClient ? "client-deadline" : "task",
      summary: task.agreedWithClient ? `Client deadline: ${task.title}` : `Task due: ${task.title}`,
      description: `Task ${task.id}${task.accountId ? ` on ${nameOf(task.accountId)}` : ""}, ${task.status}.`,
      date: task.dueDate,
      at: null,
    });

  for (const brief of rows.briefs.map((d) => BriefSchema.parse(d)))
    if (brief.deadline)
      items.push({
        uid: `brief-${brief.id}`,
        kind: "client-deadline",
        summary: `Client deadline: ${brief.title}`,
        description: `Brief ${brief.id} of ${nameOf(brief.accountId)}, ${brief.status}.`,
        date: brief.deadline,
        at: null,
      });

  for (const activity of rows.activities.map((d) => ActivitySchema.parse(d)))
    items.push({
      uid: `activity-${activity.id}`,
      kind: "meeting",
      summary: `${activity.kind[0]!.toUpperCase()}${activity.kind.slice(1)}: ${activity.subject}`,
      description: `Planned ${activity.kind} with ${nameOf(activity.accountId)}.`,
      date: null,
      at: activity.at,
    });

  for (const contract of rows.contracts.map((d) => ContractSchema.parse(d))) {
    const s = renewalSchedule(contract, input.settings.renewals, input.from);
    const of = `${contract.title} (${nameOf(contract.accountId)})`;
    if (contract.nonRenewalNoticeAt === null && s.noticeDeadline.on >= input.from)
      items.push({
        uid: `contract-${contract.id}-notice-${s.noticeDeadline.on}`,
        kind: "notice-deadline",
        summary: `Notice deadline: ${of}`,
        description: `Contract ${contract.id}: ${s.noticeDeadline.because}.`,
        date: s.noticeDeadline.on,
        at: null,
      });
    items.push({
      uid: `contract-${contract.id}-end-${s.endDate.on}`,
      kind: "contract-end",
      summary: `Contract ends: ${of}`,
      description: `Contract ${contract.id}: ${s.endDate.because}.`,
      date: s.endDate.on,
      at: null,
    });
    if (s.tacitRenewal)
      items.push({
        uid: `contract-${contract.id}-renewal-${s.tacitRenewal.renewsOn.on}`,
        kind: "renewal",
        summary: `Renews tacitly: ${of}`,
        description: `Contract ${contract.id} renews on ${s.tacitRenewal.renewsOn.on} (${s.tacitRenewal.renewsOn.because}); tell the client by ${s.tacitRenewal.clientMustBeToldBy.on}.`,
        date: s.tacitRenewal.renewsOn.on,
        at: null,
      });
  }
  return items;
}
