// The keyboard shortcuts, in one table: the help overlay lists it and the layout binds it. Single keys work
// when the focus is not in a field (Mantine's useHotkeys leaves inputs alone).
export type ShortcutAction =
  | { readonly kind: "palette" }
  | { readonly kind: "help" }
  | {
      readonly kind: "go";
      readonly to: "today" | "inbox" | "pipeline" | "accounts" | "forecast" | "metrics" | "settings";
    }
  | { readonly kind: "list"; readonly list: "tasks" | "contracts" | "invoices" | "escalations" | "briefs" };

export interface Shortcut {
  /** As useHotkeys reads it ("mod+K", "shift+?", "t"). */
  readonly keys: string;
  /** As a person reads it. */
  readonly shown: string;
  readonly what: string;
  readonly action: ShortcutAction;
}

export const SHORTCUTS: readonly Shortcut[] = [
  {
    keys: "mod+K",
    shown: "Ctrl K / ⌘ K",
    what: "Find a record, a page or a command",
    action: { kind: "palette" },
  },
  { keys: "/", shown: "/", what: "Find a record, a page or a command", action: { kind: "palette" } },
  { keys: "shift+?", shown: "?", what: "Show these shortcuts", action: { kind: "help" } },
  { keys: "t", shown: "T", what: "Today", action: { kind: "go", to: "today" } },
  { keys: "n", shown: "N", what: "Inbox", action: { kind: "go", to: "inbox" } },
  { keys: "p", shown: "P", what: "Pipeline", action: { kind: "go", to: "pipeline" } },
  { keys: "a", shown: "A", what: "Accounts", action: { kind: "go", to: "accounts" } },
  { keys: "f", shown: "F", what: "Forecast", action: { kind: "go", to: "forecast" } },
  { keys: "m", shown: "M", what: "Sales metrics", action: { kind: "go", to: "metrics" } },
  { keys: "l", shown: "L", what: "Tasks", action: { kind: "list", list: "tasks" } },
  { keys: "c", shown: "C", what: "Contracts", action: { kind: "list", list: "contracts" } },
  { keys: "i", shown: "I", what: "Invoices", action: { kind: "list", list: "invoices" } },
  { keys: "e", shown: "E", what: "Escalations", action: { kind: "list", list: "escalations" } },
  { keys: "b", shown: "B", what: "Briefs", action: { kind: "list", list: "briefs" } },
];
