// What the Settings page reads and changes: the workspace's settings (update-settings), members' roles,
// invitations, the user's API tokens and the workspace's webhooks. Secrets (a token, a webhook's signing
// secret, an invitation link) come back once, in the creation's answer.
import type { paths, Schemas } from "@accountable/client";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "./client.ts";

export type WorkspaceSettingsBody = Schemas["WorkspaceSettings"];
export type Role = Schemas["Role"];
export type ApiToken = Schemas["ApiToken"];
export type Invitation = Schemas["Invitation"];
export type Webhook = Schemas["Webhook"];
export type WebhookDelivery = Schemas["WebhookDelivery"];
export type NewWebhook = Schemas["WebhookCreate"];
export type WebhookEventType = NonNullable<NewWebhook["events"]>[number];
type NewToken = Schemas["NewApiToken"];
type NewInvitation = Schemas["NewInvitation"];
type ChangeRoleBody = NonNullable<
  paths["/api/workspaces/{workspaceId}/members/{id}/change-role"]["post"]["requestBody"]
>["content"]["application/json"];

/** Replaces the workspace's settings, decided on the version read (If-Match). */
export function useUpdateSettings(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { readonly version: number; readonly settings: WorkspaceSettingsBody }) =>
      unwrap(
        api.POST("/api/workspaces/{workspaceId}/update-settings", {
          params: { path: { workspaceId }, header: { "if-match": `"${input.version}"` } },
          body: { settings: input.settings },
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ["workspace", workspaceId] }),
  });
}

export function useChangeRole(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { readonly memberId: string; readonly role: ChangeRoleBody["role"] }) =>
      unwrap(
        api.POST("/api/workspaces/{workspaceId}/members/{id}/change-role", {
          params: { path: { workspaceId, id: input.memberId } },
          body: { role: input.role },
        }),
      ),
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ["members", workspaceId] }),
        qc.invalidateQueries({ queryKey: ["me"] }),
      ]),
  });
}

export function useInvitations(workspaceId: string, enabled = true) {
  return useQuery({
    queryKey: ["invitations", workspaceId],
    enabled,
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/invitations", { params: { path: { workspaceId } } }),
      ).then((l) => l.items),
  });
}

export function useInvite(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewInvitation) =>
      unwrap(
        api.POST("/api/workspaces/{workspaceId}/invitations", { params: { path: { workspaceId } }, body }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["invitations", workspaceId] }),
  });
}

export function useRevokeInvitation(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE("/api/workspaces/{workspaceId}/invitations/{id}", {
          params: { path: { workspaceId, id } },
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ["invitations", workspaceId] }),
  });
}

export function useApiTokens() {
  return useQuery({
    queryKey: ["tokens"],
    queryFn: () => unwrap(api.GET("/api/tokens")).then((l) => l.items),
  });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewToken) => unwrap(api.POST("/api/tokens", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["tokens"] }),
  });
}

export function useDeleteToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/tokens/{id}", { params: { path: { id } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ["tokens"] }),
  });
}

export function useWebhooks(workspaceId: string, enabled = true) {
  return useQuery({
    queryKey: ["webhooks", workspaceId],
    enabled,
    queryFn: () =>
      unwrap(api.GET("/api/workspaces/{workspaceId}/webhooks", { params: { path: { workspaceId } } })).then(
        (l) => l.items,
      ),
  });
}

export function useCreateWebhook(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewWebhook) =>
      unwrap(api.POST("/api/workspaces/{workspaceId}/webhooks", { params: { path: { workspaceId } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["webhooks", workspaceId] }),
  });
}

export function useDeleteWebhook(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE("/api/workspaces/{workspaceId}/webhooks/{id}", { params: { path: { workspaceId, id } } }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ["webhooks", workspaceId] }),
  });
}

export function useWebhookDeliveries(workspaceId: string, webhookId: string | null) {
  return useQuery({
    queryKey: ["webhooks", workspaceId, webhookId, "deliveries"],
    enabled: webhookId !== null,
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/webhooks/{id}/deliveries", {
          params: { path: { workspaceId, id: webhookId! }, query: { limit: 50 } },
        }),
      ).then((l) => l.items),
  });
}

/** Whether the signed-in member has a calendar feed in the workspace, and since when (never its URL). */
export function useCalendarFeed(workspaceId: string) {
  return useQuery({
    queryKey: ["calendar-feed", workspaceId],
    queryFn: () =>
      unwrap(api.GET("/api/workspaces/{workspaceId}/calendar-feed", { params: { path: { workspaceId } } })),
  });
}

/** Creates the calendar feed, or rotates it (the old URL stops working): the answer holds the URL, once. */
export function useCreateCalendarFeed(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/workspaces/{workspaceId}/calendar-feed", { params: { path: { workspaceId } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ["calendar-feed", workspaceId] }),
  });
}

/** Stops the calendar feed: its URL answers 404 from now on. */
export function useStopCalendarFeed(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE("/api/workspaces/{workspaceId}/calendar-feed", { params: { path: { workspaceId } } }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ["calendar-feed", workspaceId] }),
  });
}

/**
 * A settings form's save: a problem its own check found, else the new settings sent on the version read, a
 * "saved" notice and `onDone`. The server's refusal is in `update.error`.
 */
export function useSettingsSave(workspaceId: string, version: number, onDone: () => void) {
  const update = useUpdateSettings(workspaceId);
  const [problem, setProblem] = useState<string | null>(null);
  const save = (next: { ok: true; settings: unknown } | { ok: false; message: string }) => {
    if (!next.ok) return setProblem(next.message);
    setProblem(null);
    update.mutate(
      { version, settings: next.settings as WorkspaceSettingsBody },
      {
        onSuccess: () => {
          notifications.show({ color: "green", message: "The settings were saved." });
          onDone();
        },
      },
    );
  };
  return { update, problem, save };
}
