// The choices of a picker field: members, accounts, contacts, deals, contracts, briefs (those of the form's account when
// it has one), a pipeline's stages, the workspace's pipelines, or the parts of the record (its towers).
import { type AggregateType, creationStages, type Pipeline, type StageId } from "@accountable/domain";
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client.ts";
import { useMembers, useWorkspace } from "../api/workspace.ts";
import { humanize } from "../ui/format.ts";
import type { FieldKind, RefKind } from "./fields.ts";
import { mayHold } from "./record-commands.ts";

export interface Choice {
  readonly value: string;
  readonly label: string;
}

export interface PickerScope {
  readonly workspaceId: string;
  /** The aggregate the form's command is of: a member picker for its holder offers who may hold it. */
  readonly aggregate?: AggregateType;
  /** The account the form is about (its contacts, deals and contracts are offered). */
  readonly accountId: string | null;
  /** The pipeline a stage is chosen in (a deal's), else every pipeline's stages. */
  readonly pipelineId: string | null;
  /** A new deal's stage: only those its pipeline lets deals start in (the domain's `creationStages`). */
  readonly newDeal?: boolean;
  /** The record the command acts on, for parts of it (a contract's towers). */
  readonly record: Record<string, unknown> | null;
}

const LIMIT = 500;

/** A contact picker's choices: who still works at the client (an inactive contact has left: no call "with" them). */
export function contactChoices(
  contacts: readonly {
    readonly id: string;
    readonly name: string;
    readonly title?: string | null;
    readonly active?: boolean;
  }[],
): Choice[] {
  return contacts
    .filter((c) => c.active !== false)
    .map((c) => ({ value: c.id, label: c.title ? `${c.name} (${c.title})` : c.name }));
}

function useList(ref: RefKind, scope: PickerScope, enabled: boolean) {
  const { workspaceId, accountId } = scope;
  const path = { workspaceId };
  return useQuery({
    queryKey: ["picker", workspaceId, ref, accountId],
    enabled: enabled && ["account", "contact", "deal", "contract", "brief"].includes(ref),
    staleTime: 30_000,
    queryFn: async (): Promise<Choice[]> => {
      const byAccount = accountId ? { accountId } : {};
      switch (ref) {
        case "account": {
          const page = await unwrap(
            api.GET("/api/workspaces/{workspaceId}/accounts", {
              params: { path, query: { limit: LIMIT, sort: "name" } },
            }),
          );
          return page.items.map((a) => ({ value: a.id, label: a.name }));
        }
        case "contact": {
          const page = await unwrap(
            api.GET("/api/workspaces/{workspaceId}/contacts", {
              params: { path, query: { limit: LIMIT, sort: "name", ...byAccount } },
            }),
          );
          return contactChoices(page.items);
        }
        case "deal": {
          const page = await unwrap(
            api.GET("/api/workspaces/{workspaceId}/opportunities", {
              params: { path, query: { limit: LIMIT, sort: "name", ...byAccount } },
            }),
          );
          return page.items.map((d) => ({ value: d.id, label: d.name }));
        }
        case "contract": {
          const page = await unwrap(
            api.GET("/api/workspaces/{workspaceId}/contracts", {
              params: { path, query: { limit: LIMIT, sort: "title", ...byAccount } },
            }),
          );
          return page.items.map((c) => ({ value: c.id, label: c.title }));
        }
        case "brief": {
          const page = await unwrap(
            api.GET("/api/workspaces/{workspaceId}/briefs", {
              params: { path, query: { limit: LIMIT, sort: "updatedAt", order: "desc", ...byAccount } },
            }),
          );
          return page.items.map((b) => ({ value: b.id, label: b.title }));
        }
        default:
          return [];
      }
    },
  });
}

/** The workspace's catalog of service lines, offered as a deal's line or a tower's name is typed (none when off). */
export function useServiceLines(workspaceId: string, enabled: boolean): string[] {
  const workspace = useWorkspace(workspaceId);
  return enabled ? [...(workspace.data?.state.settings.serviceLines ?? [])] : [];
}

/**
 * The choices for a field drawn as a picker, or undefined when the field is not one. `field` (its name) lets a
 * member picker for the record's holder (a task's assignee) offer only those the domain lets hold it.
 */
export function useChoices(
  type: FieldKind,
  scope: PickerScope,
  field?: string,
): { choices: Choice[]; loading: boolean } | undefined {
  const ref =
    type.kind === "ref"
      ? type.ref
      : type.kind === "list" && type.item.type.kind === "ref"
        ? type.item.type.ref
        : null;
  const list = useList(ref ?? "member", scope, ref !== null);
  const members = useMembers(scope.workspaceId);
  const workspace = useWorkspace(scope.workspaceId);
  if (type.kind === "part") {
    const items = scope.record?.[type.collection];
    if (!Array.isArray(items)) return { choices: [], loading: false };
    return {
      choices: items.flatMap((item: unknown) => {
        if (typeof item !== "object" || item === null) return [];
        const i = item as { id?: unknown; name?: unknown; title?: unknown };
        if (typeof i.id !== "string") return [];
        const label = typeof i.name === "string" ? i.name : typeof i.title === "string" ? i.title : i.id;
        return [{ value: i.id, label }];
      }),
      loading: false,
    };
  }
  if (ref === null) return undefined;
  if (ref === "member")
    return {
      choices: (members.data ?? [])
        .filter(
          (m) =>
            m.active &&
            (field === undefined ||
              scope.aggregate === undefined ||
              mayHold(scope.aggregate, field, m) !== false),
        )
        .map((m) => ({ value: m.id, label: `${m.name} (${humanize(m.role)})` })),
      loading: members.isPending,
    };
  const pipelines = workspace.data?.state.settings.pipelines ?? [];
  if (ref === "pipeline")
    return { choices: pipelines.map((p) => ({ value: p.id, label: p.name })), loading: workspace.isPending };
  if (ref === "stage") {
    // A new deal's stages are its type's pipeline's: none until the type is chosen.
    if (scope.newDeal && !scope.pipelineId) return { choices: [], loading: false };
    const shown = scope.pipelineId ? pipelines.filter((p) => p.id === scope.pipelineId) : pipelines;
    // Pipelines may share stage ids ("proposal"): each id once.
    const byId = new Map<string, Choice>();
    for (const p of shown)
      for (const s of p.stages)
        if (!byId.has(s.id) && (!scope.newDeal || creationStages(p as Pipeline).includes(s.id as StageId)))
          byId.set(s.id, { value: s.id, label: shown.length > 1 ? `${s.label} (${p.name})` : s.label });
    return { choices: [...byId.values()], loading: workspace.isPending };
  }
  return { choices: list.data ?? [], loading: list.isPending };
}
