import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { secretHash } from './secrets.ts';

/** Failed logins allowed per window before further attempts are refused. */
export const loginLimits = { perAccount: 5, perAddress: 30, windowMinutes: 15 } as const;

const keysFor = (login: string, address: string) => [
  { key: `acct:${secretHash(login.toLowerCase()).toString('hex')}`, limit: loginLimits.perAccount },
  { key: `addr:${address}`, limit: loginLimits.perAddress },
];

/** Refuses a login attempt while its account or its address has too many recent failures. */
export async function assertLoginAllowed(db: Database, login: string, address: string): Promise<void> {
  const keys = keysFor(login, address);
  const rows = await db.withoutTenant(
    (tx) => tx<{ key: string; failures: number }[]>`
      select key, failures from login_throttle
      where key = any(${keys.map((k) => k.key)}) and window_start > now() - make_interval(mins => ${loginLimits.windowMinutes})`,
  );
  for (const { key, limit } of keys) {
    if ((rows.find((r) => r.key === key)?.failures ?? 0) >= limit)
      throw new AppError(
        'RATE_LIMITED',
        `Too many failed sign-ins; try again in ${loginLimits.windowMinutes} minutes`,
      );
  }
}

export async function recordLoginFailure(db: Database, login: string, address: string): Promise<void> {
  await db.withoutTenant(async (tx) => {
    for (const { key } of keysFor(login, address)) {
      await tx`
        insert into login_throttle (key, window_start, failures) values (${key}, now(), 1)
        on conflict (key) do update set
          failures = case when login_throttle.window_start > now() - make_interval(mins => ${loginLimits.windowMinutes})
            then login_throttle.failures + 1 else 1 end,
          window_start = case when login_throttle.window_start > now() - make_interval(mins => ${loginLimits.windowMinutes})
            then login_throttle.window_start else now() end`;
    }
  });
}

/** A successful sign-in clears the account's counter (not the address's). */
export async function clearLoginFailures(db: Database, login: string): Promise<void> {
  const [account] = keysFor(login, '');
  if (account) await db.withoutTenant((tx) => tx`delete from login_throttle where key = ${account.key}`);
}
