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
