// `accountable calendar create | status | stop`: the acting member's calendar feed — a secret URL a calendar app
// subscribes to (tasks, client deadlines, planned meetings, notice deadlines, renewals, with the workspace's
// reminders). `create` makes it or rotates it (the old URL stops working) and prints the URL once.

import type { Ctx } from "../context.ts";
import { Refused } from "../failure.ts";
import { fields } from "../output.ts";
import { withSession } from "../runtime.ts";

/** The feed's URL: the server's own (over --api), else the address `accountable serve` answers at. */
function feedUrl(secret: string, given: string | undefined): string {
  if (given) return given;
  const origin = (process.env.PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`).replace(
    /\/+$/,
    "",
  );
  return `${origin}/calendar/${secret}.ics`;
}

export async function calendarFeed(
  ctx: Ctx,
  action: "create" | "status" | "stop",
  dryRun = false,
): Promise<void> {
  const { out } = ctx;
  await withSession(ctx.globals, async (session) => {
    const feeds = session.service.calendarFeeds;
    const memberId = session.actorId();
    if (action === "create" && dryRun) {
      const status = await feeds.status(session.workspaceId, memberId);
      if (!status.ok) throw new Refused(status.error);
      const plan = { dryRun: true, rotates: status.value.active, createdAt: status.value.createdAt };
      out.result(plan, () =>
        plan.rotates
          ? `Would rotate your calendar feed's URL (created ${plan.createdAt}): the current URL would stop working. Nothing was changed.`
          : "Would create your calendar feed. Nothing was changed.",
      );
      return;
    }
    if (action === "create") {
      const made = await feeds.create(session.workspaceId, memberId);
      if (!made.ok) throw new Refused(made.error);
      const feed = { url: feedUrl(made.value.secret, made.value.url), createdAt: made.value.createdAt };
      out.result(feed, () =>
        [
          fields(feed, out.style),
          out.style.dim(
            "Subscribe to the URL in your calendar app; it is shown only once. Anyone with it can read your dates: `accountable calendar create` again rotates it.",
          ),
        ].join("\n"),
      );
      return;
    }
    if (action === "status") {
      const status = await feeds.status(session.workspaceId, memberId);
      if (!status.ok) throw new Refused(status.error);
      out.result(status.value, () =>
        status.value.active
          ? `Your calendar feed's URL was created ${status.value.createdAt}.`
          : "You have no calendar feed: `accountable calendar create` makes one.",
      );
      return;
    }
    const stopped = await feeds.stop(session.workspaceId, memberId);
    if (!stopped.ok) throw new Refused(stopped.error);
    out.result(stopped.value, () =>
      stopped.value.stopped
        ? "Your calendar feed is stopped: its URL no longer answers."
        : "You had no calendar feed; nothing changed.",
    );
  });
}
