// Which of the palette's actions a query keeps. Search hits come ranked by the server (typos included) and are
// kept as they are; every other action is kept when each word of the query begins a word of its label or of its
// keywords — so "new" finds "Create opportunity" (keywords "new deal"), as the buttons say "New deal", and
// "create", "deal" and "opp" still find it.

export interface PaletteEntry {
  readonly id: string;
  readonly label?: string | undefined;
  readonly keywords?: string | string[] | undefined;
}

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}&]+/u)
    .filter(Boolean);

/** Whether an action stays in the palette for this query. */
export function keepsAction(query: string, action: PaletteEntry): boolean {
  if (action.id.startsWith("hit:") || action.id === "search-all") return true;
  const asked = words(query);
  if (asked.length === 0) return true;
  const keywords = Array.isArray(action.keywords) ? action.keywords.join(" ") : (action.keywords ?? "");
  const own = words(`${action.label ?? ""} ${keywords}`);
  // The whole label as typed ("p&l") also counts, as the label filter did.
  const label = (action.label ?? "").toLowerCase();
  return label.includes(query.trim().toLowerCase()) || asked.every((q) => own.some((w) => w.startsWith(q)));
}

/** The words a creation command is also found by: "new", "create", "add" and its record's noun. */
export function creationKeywords(noun: string): string[] {
  return ["new", "create", "add", ...words(noun)];
}
