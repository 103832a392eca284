import { z } from "zod";

/** "in_negotiation" → "in negotiation": status and command names as a sentence wants them. */
export function humanize(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase();
}

/**
 * "MoveStage" → "move-stage", "stageId" → "stage-id": the one spelling adapters give a command or field in a
 * path, a flag or a problem type, so the API, the CLI and the web app always agree on it.
 */
export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? "" : "-") + c.toLowerCase());
}

/** "a, b and c". */
export function listInWords(items: readonly string[], conjunction = "and"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether text can be kept: no NUL (PostgreSQL refuses it in text and jsonb) and no half of a surrogate pair
 * (not a character at all; jsonb refuses it). Both arrive as valid JSON, CSV or flags, so only this check stops them.
 */
export function isStorableText(s: string): boolean {
  return !s.includes("\u0000") && !LONE_SURROGATE.test(s);
}

/** What a person is told when text holds a NUL or half of a surrogate pair. */
export const UNSTORABLE_TEXT = "may not hold a NUL character or half of a surrogate pair";

/** The domain's text primitive: a string that can be kept. Every free-text field of every command is one. */
export const text = () => z.string().refine(isStorableText, UNSTORABLE_TEXT);
