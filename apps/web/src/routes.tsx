// Every route of the app, in one file. Pages load on demand (one chunk each, from src/pages/<page>/), so the
// first load carries only the shell; the domain library loads with the pages that decide moves.
import type { OpportunityType } from "@accountable/domain";
import type { QueryClient } from "@tanstack/react-query";
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from "@tanstack/react-router";
import {
  accountNamesQuery,
  boardDealsQuery,
  rememberedPipelines,
  rememberPipelines,
} from "./api/opportunities.ts";
import { meQuery, preferredWorkspace, rememberWorkspace } from "./api/session.ts";
import { membersQuery, workspaceQuery } from "./api/workspace.ts";
import { AppLayout } from "./ui/app-layout.tsx";
import { NotFound } from "./ui/not-found.tsx";

export interface RouterContext {
  readonly queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

/** `?redirect=/w/demo/pipeline`: where to go after signing in (a path of this app only). */
const redirectSearch = (search: Record<string, unknown>): { redirect?: string } =>
  typeof search.redirect === "string" && search.redirect.startsWith("/") && !search.redirect.startsWith("//")
    ? { redirect: search.redirect }
    : {};

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/",
  beforeLoad: async ({ context }) => {
    const me = await context.queryClient.fetchQuery(meQuery);
    if (!me) throw redirect({ to: "/sign-in" });
    const workspaceId = preferredWorkspace(me);
    if (!workspaceId) throw redirect({ to: "/workspaces/new" });
    throw redirect({ to: "/w/$workspaceId/today", params: { workspaceId } });
  },
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-in",
  validateSearch: redirectSearch,
  component: lazyRouteComponent(() => import("./pages/sign-in/sign-in-page.tsx"), "SignInPage"),
});

const signUpRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-up",
  validateSearch: redirectSearch,
  component: lazyRouteComponent(() => import("./pages/sign-in/sign-up-page.tsx"), "SignUpPage"),
});

const invitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/invitations/$token",
  component: lazyRouteComponent(() => import("./pages/invitation/invitation-page.tsx"), "InvitationPage"),
});

const newWorkspaceRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/workspaces/new",
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me) throw redirect({ to: "/sign-in", search: { redirect: location.href } });
  },
  component: lazyRouteComponent(() => import("./pages/workspace/new-workspace-page.tsx"), "NewWorkspacePage"),
});

/** Everything inside a workspace: signed in, and a member of it. */
export const workspaceRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/w/$workspaceId",
  beforeLoad: async ({ context, params, location }) => {
    // Every page of a workspace shows its settings and people: ask for them (and for the board's code, when
    // the board is where we are going) at once, while the session is checked — a visitor who is not a member
    // gets a 404 and nothing else.
    void context.queryClient.prefetchQuery(workspaceQuery(params.workspaceId));
    void context.queryClient.prefetchQuery(membersQuery(params.workspaceId));
    if (location.pathname.endsWith("/pipeline")) {
      void import("./pages/board/board-page.tsx");
      void prefetchBoard(context.queryClient, params.workspaceId, boardSearch(location.search));
    }
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me) throw redirect({ to: "/sign-in", search: { redirect: location.href } });
    const membership = me.workspaces.find((w) => w.id === params.workspaceId);
    if (!membership) throw redirect({ to: "/" });
    rememberWorkspace(membership.id);
    return { membership };
  },
  component: AppLayout,
});

const workspaceIndexRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "/",
  beforeLoad: ({ params }) => {
    throw redirect({ to: "/w/$workspaceId/today", params });
  },
});

export const todayRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "today",
  component: lazyRouteComponent(() => import("./pages/today/today-page.tsx"), "TodayPage"),
});

/** The board's filters live in the address, so a filtered board can be bookmarked and shared. */
export interface BoardSearch {
  readonly pipeline?: string;
  readonly owner?: string;
  readonly type?: string;
  readonly from?: string;
  readonly to?: string;
}

const stringProps = <K extends string>(search: Record<string, unknown>, keys: readonly K[]) => {
  const out: Partial<Record<K, string>> = {};
  for (const k of keys) {
    const v = search[k];
    if (typeof v === "string" && v !== "") out[k] = v;
  }
  return out;
};

function boardSearch(search: Record<string, unknown>): BoardSearch {
  return stringProps(search, ["pipeline", "owner", "type", "from", "to"] as const);
}

async function prefetchBoard(queryClient: QueryClient, workspaceId: string, search: BoardSearch) {
  const filters = {
    ownerId: search.owner,
    types: search.type?.split(",") as OpportunityType[] | undefined,
    closeFrom: search.from,
    closeTo: search.to,
  };
  const choose = <P extends { readonly id: string }>(pipelines: readonly P[]) =>
    pipelines.find((p) => p.id === search.pipeline) ?? pipelines[0];
  // The stages as last seen: the deals are asked for now, beside the workspace's settings, not after them.
  const known = choose(rememberedPipelines(workspaceId) ?? []);
  // The cards' account names, asked for beside the deals (the cards are drawn without them until they come).
  void queryClient.prefetchQuery(accountNamesQuery(workspaceId));
  if (known) void queryClient.prefetchQuery(boardDealsQuery(workspaceId, known, filters));
  const workspace = await queryClient.ensureQueryData(workspaceQuery(workspaceId));
  const pipelines = workspace.state.settings.pipelines;
  rememberPipelines(workspaceId, pipelines);
  const pipeline = choose(pipelines);
  // The same stages make the same query: the request above is joined, not sent again.
  if (pipeline) await queryClient.prefetchQuery(boardDealsQuery(workspaceId, pipeline, filters));
}

export const pipelineRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "pipeline",
  validateSearch: boardSearch,
  loaderDeps: ({ search }) => search,
  // Start reading the deals while the board's code loads; not awaited, the board shows its own loading state.
  loader: ({ context, params, deps }) => {
    void prefetchBoard(context.queryClient, params.workspaceId, deps);
  },
  component: lazyRouteComponent(() => import("./pages/board/board-page.tsx"), "BoardPage"),
});

export const accountsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "accounts",
  component: lazyRouteComponent(() => import("./pages/accounts/accounts-page.tsx"), "AccountsPage"),
});

export const accountRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "accounts/$accountId",
  component: lazyRouteComponent(() => import("./pages/account/account-page.tsx"), "AccountPage"),
});

/** `?period=2026-Q3`: the client report's period (a quarter, month or year label). */
export const clientReportRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "accounts/$accountId/report",
  validateSearch: (search: Record<string, unknown>): { period?: string } =>
    stringProps(search, ["period"] as const),
  component: lazyRouteComponent(
    () => import("./pages/client-report/client-report-page.tsx"),
    "ClientReportPage",
  ),
});

export const targetsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "targets",
  component: lazyRouteComponent(() => import("./pages/targets/targets-page.tsx"), "TargetsPage"),
});

export const targetListRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "targets/$listId",
  component: lazyRouteComponent(() => import("./pages/targets/targets-page.tsx"), "TargetListPage"),
});

export const contractRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "contracts/$contractId",
  component: lazyRouteComponent(() => import("./pages/contract/contract-page.tsx"), "ContractPage"),
});

/** `?period=2026-Q4&asOf=2026-10-27`: the forecast's period and the day it is shown as of (absent: now). */
export const forecastRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "forecast",
  validateSearch: (search: Record<string, unknown>): { period?: string; asOf?: string } =>
    stringProps(search, ["period", "asOf"] as const),
  component: lazyRouteComponent(() => import("./pages/forecast/forecast-page.tsx"), "ForecastPage"),
});

/**
 * `?per=month&last=12&by=owner&owner=m-1&type=renewal&source=referral&line=Media&asOf=2026-10-27`: the sales
 * metrics' periods, how many, the grouping, the owner, deal type, lead source and service line kept, and the day
 * they are shown as of (absent: quarters, the last 4, no
 * grouping, every deal, now).
 */
export const metricsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "metrics",
  validateSearch: (
    search: Record<string, unknown>,
  ): {
    per?: string;
    last?: string;
    by?: string;
    owner?: string;
    type?: string;
    source?: string;
    line?: string;
    asOf?: string;
  } => stringProps(search, ["per", "last", "by", "owner", "type", "source", "line", "asOf"] as const),
  component: lazyRouteComponent(() => import("./pages/metrics/metrics-page.tsx"), "MetricsPage"),
});

/**
 * `?period=2026-Q3&account=a-1`: the P&L's period (a quarter, month or year label, or `whole` for whole terms;
 * absent: today's quarter) and the account whose contracts and towers are open beneath.
 */
export const pnlRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "pnl",
  validateSearch: (search: Record<string, unknown>): { period?: string; account?: string } =>
    stringProps(search, ["period", "account"] as const),
  component: lazyRouteComponent(() => import("./pages/pnl/pnl-page.tsx"), "PnlPage"),
});

/** Any record by its collection: a deal, a task, an escalation, a brief, an invoice, a contact, a quota… */
export const recordRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "records/$collection/$id",
  component: lazyRouteComponent(() => import("./pages/record/record-page.tsx"), "RecordPage"),
});

/** "Lists": the first of the other lists (not Tasks or Contracts, which have their own entries) the role may read. */
export const listsIndexRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "lists",
  component: lazyRouteComponent(() => import("./pages/lists/list-page.tsx"), "ListsIndex"),
});

/** A list page; its filters and sort are the address's search parameters, passed to the API as they are. */
export const listRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "lists/$list",
  validateSearch: (search: Record<string, unknown>): Record<string, string> =>
    Object.fromEntries(
      Object.entries(search).flatMap(([k, v]) =>
        typeof v === "string" && v !== ""
          ? [[k, v]]
          : typeof v === "number" || typeof v === "boolean"
            ? [[k, String(v)]]
            : [],
      ),
    ),
  component: lazyRouteComponent(() => import("./pages/lists/list-page.tsx"), "ListPage"),
});

/** What waits on the signed-in member: approvals, escalations, tasks, stale deals, notice deadlines. */
export const inboxRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "inbox",
  component: lazyRouteComponent(() => import("./pages/inbox/inbox-page.tsx"), "InboxPage"),
});

export const searchRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "search",
  validateSearch: (search: Record<string, unknown>): { q?: string } =>
    typeof search.q === "string" && search.q !== "" ? { q: search.q.slice(0, 200) } : {},
  component: lazyRouteComponent(() => import("./pages/search/search-page.tsx"), "SearchPage"),
});

export const settingsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: "settings",
  component: lazyRouteComponent(() => import("./pages/settings/settings-page.tsx"), "SettingsPage"),
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  signInRoute,
  signUpRoute,
  invitationRoute,
  newWorkspaceRoute,
  workspaceRoute.addChildren([
    workspaceIndexRoute,
    todayRoute,
    inboxRoute,
    searchRoute,
    pipelineRoute,
    accountsRoute,
    accountRoute,
    clientReportRoute,
    targetsRoute,
    targetListRoute,
    contractRoute,
    recordRoute,
    listsIndexRoute,
    listRoute,
    forecastRoute,
    metricsRoute,
    pnlRoute,
    settingsRoute,
  ]),
]);

/** The address's search part for the pages' parameters: text as it is, anything else (never expected) as JSON. */
export function searchText(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search))
    if (value !== undefined) params.set(key, typeof value === "string" ? value : JSON.stringify(value));
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    // Every search parameter the pages read is text ("?last=12&period=2026"): read and written as the address
    // shows it, not JSON-quoted the way the router's default keeps a number-like string apart from a number
    // ("?last=%2212%22").
    parseSearch: (text) => Object.fromEntries(new URLSearchParams(text)),
    stringifySearch: searchText,
    defaultPreload: "intent",
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
