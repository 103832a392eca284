// The demo's logins: once service.seedDemo has made the demo workspace, its admin and a few of its people (a
// director, a supervisor, an account executive, an assistant, a viewer) get users with one known password, so a
// new user can sign in and look around at once — and see what each role sees.
import type { Role } from "@accountable/domain";
import { DEMO_LOGIN, DEMO_SIGN_INS, type Service } from "@accountable/service";
import { findPasswordHash, findUserByEmail, findWorkspace, type StoreDatabase } from "@accountable/store";
import type { BetterAuth } from "./better-auth.ts";
import type { Memberships } from "./memberships.ts";

export const DEFAULT_DEMO_PASSWORD = "accountable-demo";
export const DEFAULT_DEMO_WORKSPACE = "demo";

export interface DemoLoginDeps {
  readonly db: StoreDatabase;
  readonly service: Service;
  readonly auth: BetterAuth;
  readonly memberships: Memberships;
  readonly workspaceId: string;
  readonly password: string;
}

/** One person of the demo a new user may sign in as. */
export interface DemoSignIn {
  readonly email: string;
  readonly name: string;
  readonly role: Role;
}

/** The demo's logins: the admin's first, then the others; all open with `password`. */
export interface DemoLogins {
  readonly email: string;
  readonly password: string;
  readonly signIns: readonly DemoSignIn[];
}

/**
 * Makes sure the demo's admin and its other sign-in people can sign in: creates each user (through better-auth,
 * so the password is hashed its way) when no user has that e-mail, and links it to its member. Returns the logins
 * that work with the known password — just created, or created earlier and unchanged — and null when there is no
 * demo workspace or someone changed the admin's password (a person whose password was changed is left out).
 */
export async function ensureDemoLogin(deps: DemoLoginDeps): Promise<DemoLogins | null> {
  const { db, service, workspaceId, password } = deps;
  if (!(await findWorkspace(db, workspaceId))) return null;
  const people: DemoSignIn[] = [];
  for (const memberId of [DEMO_LOGIN.memberId, ...DEMO_SIGN_INS]) {
    const member = await service.load(workspaceId, "member", memberId);
    const state = member.state as { email?: string; name?: string; role?: Role; status?: string } | null;
    if (member.version === 0 || state === null || state.status !== "active") {
      if (memberId === DEMO_LOGIN.memberId) return null;
      continue;
    }
    const email = (memberId === DEMO_LOGIN.memberId ? DEMO_LOGIN.email : (state.email ?? "")).toLowerCase();
    const name = memberId === DEMO_LOGIN.memberId ? DEMO_LOGIN.name : (state.name ?? memberId);
    if (email === "") continue;
    const known = await ensureUser(deps, { memberId, email, name });
    if (known) people.push({ email, name, role: state.role ?? "viewer" });
    else if (memberId === DEMO_LOGIN.memberId) return null;
  }
  const [admin] = people;
  return admin ? { email: admin.email, password, signIns: people } : null;
}

/** The user for one demo member, made if missing and linked; whether the known password opens it. */
async function ensureUser(
  deps: DemoLoginDeps,
  person: { readonly memberId: string; readonly email: string; readonly name: string },
): Promise<boolean> {
  const { db, auth, memberships, workspaceId, password } = deps;
  const { memberId, email, name } = person;
  const findUser = () => findUserByEmail(db, email);
  let user = await findUser();
  let known = false;
  if (!user) {
    try {
      await auth.api.signUpEmail({ body: { email, password, name } });
      known = true;
    } catch (error) {
      // Another process starting at the same moment may have created it: then use that one.
      if (!(await findUser())) throw error;
    }
    user = await findUser();
    if (!user) throw new Error(`The demo user ${email} vanished right after it was created`);
  }
  if (!known) {
    const hash = await findPasswordHash(db, user.id);
    known = hash !== undefined && (await (await auth.$context).password.verify({ hash, password }));
  }
  await memberships.link(user.id, workspaceId, memberId);
  return known;
}
