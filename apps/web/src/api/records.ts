// Any record of any aggregate, and its history, by the collection the API serves it from. The path is chosen at
// run time (the generic record page), so these two reads take any collection's path.
import type { AggregateType } from "@accountable/domain";
import { useQuery } from "@tanstack/react-query";
import { AGGREGATE_UI, type Collection } from "../commands/aggregates.ts";
import { api, unwrap } from "./client.ts";

export interface AnyRecord {
  readonly aggregate: AggregateType;
  readonly id: string;
  readonly version: number;
  readonly state: Record<string, unknown>;
}

export interface HistoryItem {
  readonly version: number;
  readonly type: string;
  readonly at: string;
  readonly actorId: string;
  readonly reason: string | null;
  readonly payload?: unknown;
}

type RecordPath = "/api/workspaces/{workspaceId}/tasks/{id}";
type HistoryPath = "/api/workspaces/{workspaceId}/tasks/{id}/history";
type ReadInit = {
  readonly params: { readonly path: { readonly workspaceId: string; readonly id: string } };
};
// Every collection's record and history routes have the same shape (generated from one table in the API);
// openapi-fetch types one literal path at a time, so the task's stands for all of them here.
const readTask = (init: ReadInit) => api.GET("/api/workspaces/{workspaceId}/tasks/{id}", init);
const readTaskHistory = (init: ReadInit) => api.GET("/api/workspaces/{workspaceId}/tasks/{id}/history", init);
const getRecord = api.GET as (path: RecordPath, init: ReadInit) => ReturnType<typeof readTask>;
const getHistory = api.GET as (path: HistoryPath, init: ReadInit) => ReturnType<typeof readTaskHistory>;

/** The aggregate a collection holds ("opportunities" → opportunity). */
export function aggregateOfCollection(collection: string): AggregateType | undefined {
  return (Object.keys(AGGREGATE_UI) as AggregateType[]).find(
    (a) => AGGREGATE_UI[a].collection === collection,
  );
}

export const recordQueryKey = (workspaceId: string, collection: Collection, id: string) =>
  [collection, workspaceId, id, "any-record"] as const;

export function useRecord(workspaceId: string, collection: Collection, id: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: recordQueryKey(workspaceId, collection, id),
    queryFn: async (): Promise<AnyRecord> => {
      const path = `/api/workspaces/{workspaceId}/${collection}/{id}` as RecordPath;
      const r = await unwrap(getRecord(path, { params: { path: { workspaceId, id } } }));
      return {
        aggregate: aggregateOfCollection(collection)!,
        id: r.id,
        version: r.version,
        state: { ...r.state },
      };
    },
  });
}

export function useRecordHistory(workspaceId: string, collection: Collection, id: string) {
  return useQuery({
    queryKey: [collection, workspaceId, id, "history"],
    queryFn: async (): Promise<HistoryItem[]> => {
      const path = `/api/workspaces/{workspaceId}/${collection}/{id}/history` as HistoryPath;
      const h = await unwrap(getHistory(path, { params: { path: { workspaceId, id } } }));
      return h.items;
    },
  });
}
