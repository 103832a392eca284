import { z } from "zod";
import { text } from "../kernel/text.ts";

// Global search's vocabulary and input: what can be searched and how a query is read. The matching and the
// ranking are PostgreSQL's (trigram similarity and text search, in the service); this file only decides what
// a query is, so every adapter refuses the same bad input in the same words.

/** The kinds of record global search finds, in the order results of equal rank are listed. */
export const SEARCH_KINDS = ["account", "contact", "opportunity", "contract", "brief", "note"] as const;
export const SearchKindSchema = z.enum(SEARCH_KINDS).meta({
  id: "SearchKind",
  description:
    "account, contact, opportunity (a deal), contract, brief, or note (an activity noted on an account).",
});
export type SearchKind = z.infer<typeof SearchKindSchema>;

/** Fewest characters a search needs: one letter matches too much to rank anything. */
export const SEARCH_TEXT_MIN = 2;
/** Most characters a search may hold: longer than any name, title or e-mail address it could match. */
export const SEARCH_TEXT_MAX = 200;
/** Results given when none is asked for, and the most one search gives. */
export const SEARCH_LIMIT_DEFAULT = 20;
export const SEARCH_LIMIT_MAX = 50;

/** The text of a search: spaces, tabs and line breaks folded into single spaces, ends trimmed. */
export const SearchTextSchema = text()
  .max(SEARCH_TEXT_MAX * 4, `a search may hold at most ${SEARCH_TEXT_MAX} characters`)
  .transform((s) => s.replace(/\s+/g, " ").trim())
  .pipe(
    z
      .string()
      .min(SEARCH_TEXT_MIN, `type at least ${SEARCH_TEXT_MIN} characters to search`)
      .max(SEARCH_TEXT_MAX, `a search may hold at most ${SEARCH_TEXT_MAX} characters`)
      .refine((s) => !/\p{Cc}/u.test(s), "a search may not hold control characters"),
  );

/** A global search as adapters parse it: the text, the kinds to look in (default: all), how many results. */
export const SearchQuerySchema = z
  .strictObject({
    text: SearchTextSchema,
    kinds: z.array(SearchKindSchema).min(1).max(SEARCH_KINDS.length).optional(),
    limit: z.number().int().min(1).max(SEARCH_LIMIT_MAX).default(SEARCH_LIMIT_DEFAULT),
  })
  .meta({ id: "SearchQuery" });
export type SearchQuery = z.output<typeof SearchQuerySchema>;

/**
 * The words of a search, lower-cased, for a prefix text-search query ("acme corp" → ["acme", "corp"]): runs of
 * letters and digits only, so nothing of the query's syntax can come from the user. At most eight.
 */
export function searchWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
}
