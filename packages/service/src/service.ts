import {
  type Actor,
  defaultWorkspaceSettings,
  type InvitationCommand,
  type MemberCommand,
  type MemberId,
  type Role,
  type Timestamp,
  type WorkspaceCommand,
  type WorkspaceId,
  type WorkspaceSettings,
  WorkspaceSettingsSchema,
} from "@accountable/domain";
import { linkUser, type StoreDatabase } from "@accountable/store";
import { type AggregateType, REGISTRY } from "./aggregates/registry.ts";
import type { AnySpec } from "./aggregates/spec.ts";
import { calendarFeeds } from "./calendar/feeds.ts";
import { type SeedDemoOptions, type SeedDemoResult, seedDemo } from "./demo/seed-demo.ts";
import {
  type CommandRequest,
  type ExecuteOptions,
  type ExecuteResult,
  execute,
  loadAggregate,
  loadScope,
  SYSTEM_ACTOR,
} from "./execute.ts";
import { type ImportOptions, type ImportResult, importRows } from "./import/import-rows.ts";
import { inboxOf } from "./inbox.ts";
import {
  type AcceptingUser,
  acceptInvitation,
  listInvitationViews,
  previewInvitation,
} from "./invitations.ts";
import { createQueries } from "./queries/facade.ts";
import { createReader, readerOf } from "./reader.ts";
import { rebuildReadTables } from "./rebuild.ts";
import { RolledBack } from "./refusals.ts";
import { savedViewsOf } from "./saved-views.ts";
import { searchOf } from "./search.ts";
import { type SweepOptions, type SweepSummary, sweep } from "./sweep.ts";
import { targetsOf } from "./targets.ts";
import { viewerAs, viewerCan, viewerOf } from "./visibility.ts";

export interface ServiceOptions {
  readonly db: StoreDatabase;
  /** Where "now" comes from when a call does not say; adapters pass the wall clock, tests a fixed one. */
  readonly clock?: () => Timestamp;
}

export interface NewWorkspace {
  readonly workspaceId: string;
  readonly name: string;
  readonly settings?: WorkspaceSettings;
  readonly admin: {
    readonly memberId: string;
    readonly name: string;
    readonly email: string;
    readonly role?: Role;
    /** The signed-in user who founds it, linked to the admin in the same transaction. */
    readonly userId?: string;
  };
}

const wallClock = () => new Date().toISOString() as Timestamp;

/** The service: every command and query of the workbench, over one store. Wiring happens here, on call. */
export function createService(options: ServiceOptions) {
  const { db } = options;
  const clock = options.clock ?? wallClock;
  const queries = createQueries({ db, clock });

  return {
    /** Runs a command as a member (see `execute`); `now` defaults to the service clock. */
    execute<A extends AggregateType>(
      workspaceId: string,
      request: CommandRequest<A>,
      actorId: string,
      opts: Omit<ExecuteOptions, "now"> & { readonly now?: Timestamp } = {},
    ): Promise<ExecuteResult> {
      return execute(db, workspaceId, request, actorId, { ...opts, now: opts.now ?? clock() });
    },

    /**
     * Founds a workspace: creates it, adds its first admin and, when `admin.userId` is given, links that user to
     * the admin — all in one transaction, so a refusal or a failure of any part leaves nothing behind. Running it
     * twice refuses the second.
     */
    async createWorkspace(input: NewWorkspace, now: Timestamp = clock()): Promise<ExecuteResult> {
      const settings = WorkspaceSettingsSchema.parse(input.settings ?? defaultWorkspaceSettings());
      const admin = input.admin;
      const createWorkspace: WorkspaceCommand = {
        type: "CreateWorkspace",
        workspaceId: input.workspaceId as WorkspaceId,
        name: input.name,
        settings,
      };
      const addAdmin: MemberCommand = {
        type: "AddMember",
        memberId: admin.memberId as MemberId,
        name: admin.name,
        email: admin.email,
        role: admin.role ?? "admin",
        reportsTo: null,
      };
      try {
        return await db.transaction(async (tx) => {
          const created = await execute(
            tx,
            input.workspaceId,
            {
              aggregate: "workspace",
              id: input.workspaceId,
              command: createWorkspace,
            },
            SYSTEM_ACTOR.memberId,
            { now, reason: "workspace created" },
          );
          if (!created.ok) throw new RolledBack(created.error);
          const added = await execute(
            tx,
            input.workspaceId,
            {
              aggregate: "member",
              id: admin.memberId,
              command: addAdmin,
            },
            SYSTEM_ACTOR.memberId,
            { now, reason: "first member of the workspace" },
          );
          if (!added.ok) throw new RolledBack(added.error);
          if (admin.userId !== undefined) {
            const linked = await linkUser(tx, {
              userId: admin.userId,
              workspaceId: input.workspaceId,
              memberId: admin.memberId,
            });
            // A new workspace has no links yet: a conflict here is a bug, not a user's mistake.
            if (!linked) throw new Error(`user ${admin.userId} is linked in ${input.workspaceId} already`);
          }
          return added;
        });
      } catch (e) {
        if (e instanceof RolledBack) return { ok: false, error: e.refusal };
        throw e;
      }
    },

    /**
     * Invites an e-mail address in a role, as the member (the invitation machine's SendInvitation: the member's
     * role must let them invite). The adapter draws the token and passes only its SHA-256 in hex.
     */
    sendInvitation(
      workspaceId: string,
      actorId: string,
      invitation: Omit<Extract<InvitationCommand, { type: "SendInvitation" }>, "type">,
      now: Timestamp = clock(),
    ): Promise<ExecuteResult> {
      const command: InvitationCommand = { type: "SendInvitation", ...invitation };
      return execute(
        db,
        workspaceId,
        { aggregate: "invitation", id: invitation.invitationId, command },
        actorId,
        {
          now,
        },
      );
    },

    /** Withdraws a pending invitation, as the member (RevokeInvitation). */
    revokeInvitation(workspaceId: string, actorId: string, invitationId: string, now: Timestamp = clock()) {
      const command: InvitationCommand = { type: "RevokeInvitation" };
      return execute(db, workspaceId, { aggregate: "invitation", id: invitationId, command }, actorId, {
        now,
      });
    },

    /** Accepts the invitation whose token has this SHA-256 as the signed-in user (see invitations.ts). */
    acceptInvitation: (tokenHash: string, user: AcceptingUser, now: Timestamp = clock()) =>
      acceptInvitation(db, tokenHash, user, now),

    /** The workspace's invitations that were not withdrawn, newest first, with their status now. */
    invitations: (workspaceId: string, now: Timestamp = clock()) => listInvitationViews(db, workspaceId, now),

    /** Who invites the holder of the token with this SHA-256, to which workspace, in which role, and its status. */
    previewInvitation: (tokenHash: string, now: Timestamp = clock()) => previewInvitation(db, tokenHash, now),

    /** One aggregate's state and version, now or as it stood at `asOf` (replayed from its events). */
    async load(workspaceId: string, aggregate: AggregateType, id: string, asOf?: Timestamp) {
      const spec: AnySpec = REGISTRY[aggregate];
      return loadAggregate(await loadScope(db, workspaceId), spec, id, asOf);
    },

    /** The member as a viewer of the workspace (see visibility.ts), or NotAMember. */
    viewer: (workspaceId: string, memberId: string) => viewerOf(db, workspaceId, memberId),
    /** Whether the viewer may take a read action (a report, the settings) on a resource. */
    viewerCan,

    /** A member's inbox: what waits on them, derived at a moment, and what they have read (inbox.ts). */
    inbox: inboxOf(db, clock),

    /** Target lists: the accounts their criteria match, adding them, and each list's funnel report (targets.ts). */
    targets: targetsOf({ db, clock }),

    /** Global search over accounts, contacts, deals, contracts, briefs and notes, as the member may read (search.ts). */
    search: searchOf(db),
    /** A member's saved views of the lists: name → filters and sort, checked by the list's schema (saved-views.ts). */
    savedViews: savedViewsOf(db, clock),

    /** Members' calendar feeds: create or rotate the secret URL, its status, stop it, open it (calendar/feeds.ts). */
    calendarFeeds: calendarFeeds(db, clock),

    /** Rebuilds the workspace's read tables from its events, in one transaction. */
    rebuild(workspaceId: string) {
      return db.transaction(async (tx) => rebuildReadTables(await loadScope(tx, workspaceId)));
    },

    /**
     * Lists, account 360, pipeline, forecast, quotas, stale deals, renewals due, client report (queries/facade.ts),
     * unrestricted: what the service itself reads. A member reads through `reader`.
     */
    queries,

    /**
     * What a member reads: every list, record, history, report and overview held to the permission matrix —
     * records they may not read left out, money they may not see masked (reader.ts). NotAMember for anyone else.
     */
    reader: (workspaceId: string, memberId: string) => readerOf({ db, queries }, workspaceId, memberId),

    /**
     * The reader of an actor the caller has already resolved as an active member of the workspace, with the
     * workspace's settings (see `workspaceSettingsOf`): the same reader as `reader`, without reading them again.
     */
    readerAs: (workspaceId: string, actor: Actor, settings: WorkspaceSettings) =>
      createReader({ db, queries }, viewerAs({ db, workspaceId, settings }, actor)),

    /**
     * Imports accounts, contacts and deals from rows (an adapter's CSV mapped to our field names), through the
     * same domain validation as `execute`, in batches of one transaction each, skipping rows a run already
     * imported (see `importRows`). `now` defaults to the service clock.
     */
    importRows(
      workspaceId: string,
      actorId: string,
      rows: Iterable<unknown> | AsyncIterable<unknown>,
      opts: ImportOptions & { readonly now?: Timestamp; readonly stopwatch?: () => number },
    ): Promise<ImportResult> {
      return importRows(db, workspaceId, actorId, rows, {
        ...opts,
        now: opts.now ?? clock(),
        stopwatch: opts.stopwatch ?? (() => performance.now()),
      });
    },

    /**
     * Applies the time-driven rules due at `now` (contracts, invoices, escalations) as the system actor and
     * reports the stale deals; idempotent: a second sweep at the same moment changes nothing.
     */
    sweep(workspaceId: string, now: Timestamp = clock(), options?: SweepOptions): Promise<SweepSummary> {
      return sweep(db, workspaceId, now, options);
    },

    /**
     * Generates the deterministic demo workspace (two business units, a year of history) from a seed; refuses
     * if the workspace exists. See `SeedDemoOptions` for the size and how it is written.
     */
    seedDemo(options: SeedDemoOptions): Promise<SeedDemoResult> {
      return seedDemo(db, options);
    },
  };
}

export type Service = ReturnType<typeof createService>;
