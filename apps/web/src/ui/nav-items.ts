// The workspace's pages in the navigation, in order. Add a page here and in routes.tsx.
export interface NavItem {
  readonly label: string;
  /** A path under /w/$workspaceId. */
  readonly to:
    | "/w/$workspaceId/today"
    | "/w/$workspaceId/inbox"
    | "/w/$workspaceId/pipeline"
    | "/w/$workspaceId/accounts"
    | "/w/$workspaceId/targets"
    | "/w/$workspaceId/forecast"
    | "/w/$workspaceId/metrics"
    | "/w/$workspaceId/pnl"
    | "/w/$workspaceId/lists"
    | "/w/$workspaceId/lists/$list"
    | "/w/$workspaceId/settings";
  readonly description: string;
  /** For a list page: which list. */
  readonly list?: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { label: "Today", to: "/w/$workspaceId/today", description: "Tasks, deadlines, stale deals, renewals" },
  {
    label: "Inbox",
    to: "/w/$workspaceId/inbox",
    description: "Approvals, escalations, tasks waiting on you",
  },
  { label: "Pipeline", to: "/w/$workspaceId/pipeline", description: "The board, by stage" },
  { label: "Accounts", to: "/w/$workspaceId/accounts", description: "Your clients" },
  {
    label: "Target lists",
    to: "/w/$workspaceId/targets",
    description: "Accounts to win: criteria, fit and funnel",
  },
  {
    label: "Tasks",
    to: "/w/$workspaceId/lists/$list",
    list: "tasks",
    description: "Mine, my team's, overdue",
  },
  {
    label: "Contracts",
    to: "/w/$workspaceId/lists/$list",
    list: "contracts",
    description: "By status and renewal date",
  },
  {
    // The first of these the member's role may read (a viewer may not read invoices): see ListsIndex.
    label: "Lists",
    to: "/w/$workspaceId/lists",
    description: "Invoices, escalations, briefs, quotas, members, deals",
  },
  { label: "Forecast", to: "/w/$workspaceId/forecast", description: "By period, category and owner" },
  {
    label: "Metrics",
    to: "/w/$workspaceId/metrics",
    description: "Win rate, cycle, velocity and stages over time",
  },
  {
    label: "P&L",
    to: "/w/$workspaceId/pnl",
    description: "Planned and actual revenue, cost and margin by period",
  },
  { label: "Settings", to: "/w/$workspaceId/settings", description: "Pipelines, people, tokens, webhooks" },
];
