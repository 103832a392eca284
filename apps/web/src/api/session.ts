// Who is signed in and in which workspaces (GET /api/me), and the sign-up / sign-in / sign-out / invitation calls.
import type { Schemas } from "@accountable/client";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client.ts";

export type Me = Schemas["Me"];
export type Membership = Schemas["Membership"];

/** The signed-in user, or null when signed out (the API answers `{ signedIn: false }`, not an error). */
export const meQuery = queryOptions({
  queryKey: ["me"],
  queryFn: async (): Promise<Me | null> => {
    const me = await unwrap(api.GET("/api/me"));
    return me.signedIn ? me : null;
  },
  staleTime: 60_000,
});

export const useMe = () => useQuery(meQuery);

export type DemoLogins = NonNullable<Extract<Schemas["SignedOut"], { signedIn: false }>["demo"]>;

/** The demo's logins the server offers a signed-out visitor (when it made the demo workspace), or null. */
export const demoLoginsQuery = queryOptions({
  queryKey: ["me", "demo-logins"],
  queryFn: async (): Promise<DemoLogins | null> => {
    const me = await unwrap(api.GET("/api/me"));
    return !me.signedIn && me.demo ? me.demo : null;
  },
  staleTime: 60_000,
});

const LAST_WORKSPACE = "accountable.workspace";

/** The workspace to open: the last one used, if the user is still a member of it, else their first. */
export function preferredWorkspace(me: Me): string | undefined {
  const last = globalThis.localStorage?.getItem(LAST_WORKSPACE);
  return me.workspaces.find((w) => w.id === last)?.id ?? me.workspaces[0]?.id;
}

export function rememberWorkspace(workspaceId: string): void {
  globalThis.localStorage?.setItem(LAST_WORKSPACE, workspaceId);
}

/** The user's membership in a workspace (their member id and role there). */
export function useMembership(workspaceId: string): Membership | undefined {
  return useMe().data?.workspaces.find((w) => w.id === workspaceId);
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["SignIn"]) => unwrap(api.POST("/api/auth/sign-in/email", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["me"] }),
  });
}

export function useSignUp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["SignUp"]) => unwrap(api.POST("/api/auth/sign-up/email", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["me"] }),
  });
}

/**
 * Signs out, then `leave`s the signed-in pages, and only then forgets what they read: forgetting it while they are
 * still shown made the header's inbox ask again, signed out, and a 401 showed in the console of /sign-in.
 */
export function useSignOut(leave: () => Promise<unknown>) {
  const qc = useQueryClient();
  const others = (q: { readonly queryKey: readonly unknown[] }) => q.queryKey[0] !== "me";
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/auth/sign-out")),
    onSuccess: async () => {
      await qc.cancelQueries({ predicate: others });
      qc.setQueryData(meQuery.queryKey, null);
      await leave();
      qc.removeQueries({ predicate: others });
    },
  });
}

export function useCreateWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["NewWorkspace"]) => unwrap(api.POST("/api/workspaces", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["me"] }),
  });
}

export type InvitationPreview = Schemas["InvitationPreview"];

/** Who invites the holder of this token to which workspace, and whether it can still be accepted (no sign-in). */
export function useInvitation(token: string) {
  return useQuery({
    queryKey: ["invitation", token],
    queryFn: () => unwrap(api.GET("/api/invitations/{token}", { params: { path: { token } } })),
    retry: false,
  });
}

export function useAcceptInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (token: string) =>
      unwrap(api.POST("/api/invitations/{token}/accept", { params: { path: { token } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["me"] }),
    onSettled: (_data, _error, token) => qc.invalidateQueries({ queryKey: ["invitation", token] }),
  });
}
