// What the commands call, whichever way the service is reached: in process on a database (runtime.ts) or over
// HTTP with `--api` (remote.ts). Both implement these shapes; neither imports the other for them.
import type { Timestamp, WorkspaceSettings } from "@accountable/domain";
import type {
  AddMatching,
  QueryResult,
  Reader,
  Service,
  SweepSummary,
  TargetImport,
} from "@accountable/service";

/**
 * What a member reads, held to the permission matrix: the records they may not read left out, the money they may
 * not see masked (the domain's Masked shape). In process it is the service's reader for the acting member; over
 * `--api` the server reads as the token's member. Every list, record, history, report and export the CLI prints
 * comes from here, so no path of the CLI is more permissive than the API.
 */
export type CliReader = Pick<
  Reader,
  | "list"
  | "record"
  | "history"
  | "pipeline"
  | "forecast"
  | "quotaAttainment"
  | "salesMetrics"
  | "staleDeals"
  | "renewalsDue"
  | "accountHealth"
  | "pnl"
  | "clientReport"
  | "whitespace"
  | "targetFunnel"
  | "executed"
>;

/**
 * The part of the service the commands call: in-process on a database, or over HTTP with `--api` (remote.ts),
 * with the same shapes either way.
 */
export interface CliService {
  readonly execute: Service["execute"];
  /** A record's state, to decide a command from it (which move a stage change is): never printed. */
  readonly load: Service["load"];
  /** The time-driven rules due at `now`, for a member who may change the settings (as the API asks). */
  sweep(workspaceId: string, actorId: string, now?: Timestamp): Promise<SweepSummary>;
  readonly importRows: Service["importRows"];
  /** Adds to a target list the accounts its criteria match, or (dryRun) only says which, as the acting member. */
  addMatching(
    workspaceId: string,
    memberId: string,
    listId: string,
    opts: { readonly dryRun: boolean },
  ): Promise<QueryResult<AddMatching>>;
  /** Adds to a target list the accounts rows name (by name or id), or (dryRun) only says what would be, as the member. */
  importTargets(
    workspaceId: string,
    memberId: string,
    listId: string,
    rows: readonly string[],
    opts: { readonly dryRun: boolean; readonly firstRow: number },
  ): Promise<QueryResult<TargetImport>>;
  /** Global search as the acting member (the service's SearchQuery: text, kinds, limit). */
  search(
    workspaceId: string,
    memberId: string,
    input: { readonly text: string; readonly kinds?: readonly string[]; readonly limit?: number },
  ): ReturnType<Service["search"]["search"]>;
  /** The acting member's inbox, and marking its items read. */
  readonly inbox: Pick<Service["inbox"], "list" | "markRead">;
  /** The acting member's calendar feed: its secret when created (and, over --api, the URL the server gives). */
  readonly calendarFeeds: {
    create(
      workspaceId: string,
      memberId: string,
    ): Promise<
      QueryResult<{ readonly secret: string; readonly createdAt: string; readonly url?: string | undefined }>
    >;
    readonly status: Service["calendarFeeds"]["status"];
    readonly stop: Service["calendarFeeds"]["stop"];
  };
  /** The member's reader (see CliReader); NotAMember refuses. */
  reader(workspaceId: string, memberId: string): Promise<CliReader>;
}

/** A command's workspace and acting member, with the service open on its database (or a server). */
export interface Session {
  readonly service: CliService;
  readonly workspaceId: string;
  /** The acting member: `--as`, else the admin `init` recorded (asked for only by commands that act). */
  actorId(): string;
  /** What the acting member may read (see CliReader), opened once on demand. */
  read(): Promise<CliReader>;
  /** The workspace's settings (currency, pipelines), read once and on demand. */
  settings(): Promise<WorkspaceSettings>;
}
