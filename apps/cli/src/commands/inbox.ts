// `accountable inbox`: what waits on the acting member (approvals, escalations, tasks, stale deals, notice
// deadlines, account plans due for review), overdue first; `accountable inbox read <key…> | --all [--unread]` marks items read or unread again.
import type { InboxKind } from "@accountable/domain";
import { spellDate } from "@accountable/domain/spell";
import type { Inbox } from "@accountable/service";
import type { Ctx } from "../context.ts";
import { invalid, Refused } from "../failure.ts";
import { table } from "../output.ts";
import { withSession } from "../runtime.ts";

export interface InboxFlags {
  readonly unread?: boolean;
}

/** Each kind in words, typed by the domain's list so a new kind cannot print as its raw value ("plan_review"). */
const KIND_LABELS: Readonly<Record<InboxKind, string>> = {
  approval: "approval",
  escalation: "escalation",
  task: "task",
  stale_deal: "stale deal",
  notice_deadline: "notice deadline",
  plan_review: "plan review",
};

export async function showInbox(ctx: Ctx, flags: InboxFlags): Promise<void> {
  const { out } = ctx;
  await withSession(ctx.globals, async (session) => {
    const inbox = await session.service.inbox.list(session.workspaceId, session.actorId(), {
      unreadOnly: flags.unread ?? false,
    });
    if (!inbox.ok) throw new Refused(inbox.error);
    out.result(inbox.value, () => render(inbox.value, ctx));
  });
}

function render(inbox: Inbox, ctx: Ctx): string {
  const s = ctx.out.style;
  if (inbox.items.length === 0) return s.dim("Nothing waits on you.");
  const rows = inbox.items.map((i) => [
    i.read ? " " : "•",
    // The due day spelt as the reasons beside it spell theirs ("5 Dec", "31 Jan 2027"), the domain's one way.
    i.overdue ? s.red(spellDate(i.due, inbox.now)) : spellDate(i.due, inbox.now),
    KIND_LABELS[i.kind],
    i.title,
    i.accountName ?? "",
    i.detail,
  ]);
  return [
    table(["", "due", "what", "title", "account", "why"], rows, s),
    s.dim(
      `${inbox.unread} unread of ${inbox.items.length}. Mark read: accountable inbox read --all (or "inbox read <key>" with the keys from --json).`,
    ),
  ].join("\n");
}

export interface MarkFlags {
  readonly all?: boolean;
  readonly unread?: boolean;
}

export async function markInbox(ctx: Ctx, keys: readonly string[], flags: MarkFlags): Promise<void> {
  if (flags.all && keys.length > 0) throw invalid("Give item keys or --all, not both.", "keys");
  if (!flags.all && keys.length === 0)
    throw invalid("Say which items: their keys (see `accountable inbox --json`), or --all.", "keys");
  await withSession(ctx.globals, async (session) => {
    const marked = await session.service.inbox.markRead(
      session.workspaceId,
      session.actorId(),
      flags.all ? "all" : keys,
      { unread: flags.unread ?? false },
    );
    if (!marked.ok) throw new Refused(marked.error);
    ctx.out.result(
      marked.value,
      () =>
        `${marked.value.marked} item${marked.value.marked === 1 ? "" : "s"} marked ${flags.unread ? "unread" : "read"}; ${marked.value.unread} unread.`,
    );
  });
}
