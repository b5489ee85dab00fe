import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { type Actor, requireUser } from './actor.ts';
import type { LoginInput, RoleAssignment } from './schema.ts';
import { newSecret, secretHash, verifyPassword } from './secrets.ts';
import { admitLoginAttempt, recordLoginSuccess } from './throttle.ts';

export interface Session {
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export interface LoginOptions {
  db: Database;
  input: LoginInput;
  address: string;
  ttlHours: number;
}

// Verifying against a real hash when the login is unknown keeps the timing the same.
const decoyHash =
  '$argon2id$v=19$m=19456,t=2,p=1$+T72w5Zr7U5QJmw9wdjQYA$9SFT+H/zHoHUvJVFEfYgwjuIXbN2wcHBpvQ73rkKLqs';

/** Checks a password and opens a session. One message for every failure, so logins cannot be probed. */
export async function login({
  db,
  input,
  address,
  ttlHours,
}: LoginOptions): Promise<{ session: Session; actor: Actor }> {
  await admitLoginAttempt(db, input.login, address);
  const candidates = await db.withoutTenant(
    (tx) => tx<
      { tenantId: string; userId: string; passwordHash: string; active: boolean; tenantActive: boolean }[]
    >`
      select * from app_private.login_lookup(${input.login})`,
  );
  // An email or mobile is unique within a group, so it may name people of several groups:
  // the session is the first (oldest) active one whose password this is.
  if (candidates.length === 0) await verifyPassword(decoyHash, input.password);
  let found: (typeof candidates)[number] | undefined;
  for (const candidate of candidates) {
    if (!(await verifyPassword(candidate.passwordHash, input.password))) continue;
    if (candidate.active && candidate.tenantActive) {
      found = candidate;
      break;
    }
  }
  // The attempt was counted as a failure when admitted; only a success is recorded here.
  if (!found) throw new AppError('UNAUTHENTICATED', 'Wrong login or password');
  await recordLoginSuccess(db, input.login, address);
  const token = newSecret();
  const csrfToken = newSecret(24);
  return db.withTenant(found.tenantId, async (tx) => {
    const [row] = await tx<{ id: string; expiresAt: string }[]>`
      insert into sessions (tenant_id, user_id, token_hash, csrf_token, expires_at)
      values (${found.tenantId}, ${found.userId}, ${secretHash(token)}, ${csrfToken}, now() + make_interval(hours => ${ttlHours}))
      returning id, expires_at`;
    if (!row) throw new Error('session insert returned nothing');
    const roles = await tx<
      RoleAssignment[]
    >`select id, role, store_id, position from role_assignments where user_id = ${found.userId}`;
    return {
      session: { token, csrfToken, expiresAt: row.expiresAt },
      actor: { kind: 'user', tenantId: found.tenantId, userId: found.userId, sessionId: row.id, roles },
    };
  });
}

/** The actor behind a session cookie, with the session's CSRF token; null when expired or unknown. */
export async function resolveSession(
  db: Database,
  token: string,
): Promise<{ actor: Actor; csrfToken: string } | null> {
  const [session] = await db.withoutTenant(
    (tx) => tx<{ tenantId: string; sessionId: string; userId: string; csrfToken: string }[]>`
      select * from app_private.session_lookup(${secretHash(token)})`,
  );
  if (!session) return null;
  const roles = await db.withTenant(
    session.tenantId,
    (tx) =>
      tx<
        RoleAssignment[]
      >`select id, role, store_id, position from role_assignments where user_id = ${session.userId}`,
  );
  return {
    actor: {
      kind: 'user',
      tenantId: session.tenantId,
      userId: session.userId,
      sessionId: session.sessionId,
      roles,
    },
    csrfToken: session.csrfToken,
  };
}

export async function logout(db: Database, actor: Actor): Promise<void> {
  const { sessionId } = requireUser(actor);
  if (!sessionId) return;
  await db.withTenant(actor.tenantId, (tx) => tx`delete from sessions where id = ${sessionId}`);
}
