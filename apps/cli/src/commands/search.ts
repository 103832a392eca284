// `accountable search <text…> [--kind account,contact] [--limit 20]`: one search over accounts, contacts, deals,
// contracts, briefs and notes, typo-tolerant and best first, as the acting member may read (locally or --api).
import type { SearchResults } from "@accountable/service";
import type { Ctx } from "../context.ts";
import { Refused } from "../failure.ts";
import { table } from "../output.ts";
import { withSession } from "../runtime.ts";

export interface SearchFlags {
  readonly kind?: readonly string[];
  readonly limit?: string;
}

const KIND_LABELS: Record<string, string> = { opportunity: "deal" };

export async function search(ctx: Ctx, words: readonly string[], flags: SearchFlags): Promise<void> {
  const kinds = flags.kind?.flatMap((k) => k.split(",")).map((k) => k.trim());
  await withSession(ctx.globals, async (session) => {
    // The service reads the text, kinds and limit with the domain's SearchQuerySchema: its refusal says what is wrong.
    const found = await session.service.search(session.workspaceId, session.actorId(), {
      text: words.join(" "),
      ...(kinds === undefined ? {} : { kinds }),
      ...(flags.limit === undefined ? {} : { limit: Number(flags.limit) }),
    });
    if (!found.ok) throw new Refused(found.error);
    ctx.out.result(found.value, () => render(found.value, ctx));
  });
}

function render(results: SearchResults, ctx: Ctx): string {
  const s = ctx.out.style;
  if (results.hits.length === 0) return s.dim(`Nothing you may read matches "${results.text}".`);
  const rows = results.hits.map((h) => [
    KIND_LABELS[h.kind] ?? h.kind,
    h.title,
    h.detail ?? h.accountName ?? "",
    h.status.replace(/_/g, " "),
    h.id,
  ]);
  return table(["kind", "name", "e-mail / account", "status", "id"], rows, s);
}
