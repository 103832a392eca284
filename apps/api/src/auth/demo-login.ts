// The demo's login: once service.seedDemo has made the demo workspace, its admin member gets a user with a known
// password, so a new user can sign in and look around at once.
import { DEMO_LOGIN } from "@accountable/service";
import {
  findPasswordHash,
  findUserByEmail,
  findWorkspace,
  memberExists,
  type StoreDatabase,
} from "@accountable/store";
import type { BetterAuth } from "./better-auth.ts";
import type { Memberships } from "./memberships.ts";

export const DEFAULT_DEMO_PASSWORD = "accountable-demo";
export const DEFAULT_DEMO_WORKSPACE = "demo";

export interface DemoLoginDeps {
  readonly db: StoreDatabase;
  readonly auth: BetterAuth;
  readonly memberships: Memberships;
  readonly workspaceId: string;
  readonly password: string;
}

/**
 * Makes sure the demo admin can sign in: creates the user (through better-auth, so the password is hashed its
 * way) when no user has the demo e-mail, and links it to the demo admin member. Returns the login when it works
 * with the known password — just created, or created earlier and unchanged — and null when there is no demo
 * workspace or someone changed the password.
 */
export async function ensureDemoLogin(
  deps: DemoLoginDeps,
): Promise<{ email: string; password: string } | null> {
  const { db, auth, memberships, workspaceId, password } = deps;
  if (!(await findWorkspace(db, workspaceId))) return null;
  if (!(await memberExists(db, workspaceId, DEMO_LOGIN.memberId))) return null;

  const email = DEMO_LOGIN.email.toLowerCase();
  const findUser = () => findUserByEmail(db, email);
  let user = await findUser();
  let known = false;
  if (!user) {
    try {
      await auth.api.signUpEmail({ body: { email, password, name: DEMO_LOGIN.name } });
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
  await memberships.link(user.id, workspaceId, DEMO_LOGIN.memberId);
  return known ? { email, password } : null;
}
