import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { secretHash } from './secrets.ts';

/**
 * How failed sign-ins slow the next attempt. Each key counts attempts that did not sign in;
 * past its free attempts, the next one must wait 2^(failures − free) seconds after the
 * last, up to the key's cap; a quarter of an hour without attempts forgets the key.
 *
 * - `pair` (this account from this address): a guesser at one address slows to one try per
 *   quarter-hour, while the owner at another address is not slowed by it at all;
 * - `address` (every account from this address): password spraying;
 * - `account` (this account from every address): a guesser with many addresses. Its cap is
 *   seconds, not minutes, so nobody can keep the owner out of their account for long.
 *
 * There is no hard lock: the worst the owner meets is `account.maxDelaySeconds`.
 */
export const loginThrottle = {
  pair: { free: 3, maxDelaySeconds: 900 },
  address: { free: 30, maxDelaySeconds: 900 },
  account: { free: 10, maxDelaySeconds: 30 },
  forgetAfterMinutes: 15,
} as const;

type KeyKind = 'pair' | 'address' | 'account';
interface ThrottleKey {
  kind: KeyKind;
  key: string;
}

/** Seconds an attempt must wait after the last one once a key has this many failures. */
export function throttleDelaySeconds(
  failures: number,
  { free, maxDelaySeconds }: { free: number; maxDelaySeconds: number },
): number {
  if (failures < free) return 0;
  return Math.min(2 ** (failures - free), maxDelaySeconds);
}

function keysFor(login: string, address: string): ThrottleKey[] {
  const account = secretHash(login.trim().toLowerCase()).toString('hex');
  return [
    { kind: 'pair', key: `pair:${account}:${address}` },
    { kind: 'address', key: `addr:${address}` },
    { kind: 'account', key: `acct:${account}` },
  ];
}

/**
 * Admits one sign-in attempt or refuses it with RATE_LIMITED and the seconds to wait. An
 * admitted attempt is counted as a failure at once, under row locks, so a burst of parallel
 * guesses is counted before any is checked; `recordLoginSuccess` takes it back.
 */
export async function admitLoginAttempt(db: Database, login: string, address: string): Promise<void> {
  const keys = keysFor(login, address);
  const names = keys.map((k) => k.key);
  const wait = await db.withoutTenant(async (tx) => {
    await tx`
      insert into login_throttle (key, last_attempt_at, failures)
      select key, now(), 0 from unnest(${names}::text[]) as key
      on conflict (key) do nothing`;
    const rows = await tx<{ key: string; failures: number; waitSeconds: number }[]>`
      select key,
        case when last_attempt_at > now() - make_interval(mins => ${loginThrottle.forgetAfterMinutes})
          then failures else 0 end as failures,
        extract(epoch from (last_attempt_at - now()))::float8 as wait_seconds
      from login_throttle where key = any(${names}) order by key for update`;
    let longest = 0;
    for (const row of rows) {
      const kind = keys.find((k) => k.key === row.key)?.kind;
      if (!kind) continue;
      const delay = throttleDelaySeconds(row.failures, loginThrottle[kind]);
      // waitSeconds is (last attempt − now): negative once time has passed since it.
      longest = Math.max(longest, delay + row.waitSeconds);
    }
    if (longest > 0) return longest;
    await tx`
      update login_throttle set
        failures = case when last_attempt_at > now() - make_interval(mins => ${loginThrottle.forgetAfterMinutes})
          then failures + 1 else 1 end,
        last_attempt_at = now()
      where key = any(${names})`;
    return 0;
  });
  if (wait > 0) {
    const seconds = Math.ceil(wait);
    throw new AppError(
      'RATE_LIMITED',
      `Too many failed sign-ins; try again in ${seconds} seconds`,
      [],
      seconds,
    );
  }
}

/**
 * A successful sign-in: the account's counters (from this address and from all) start
 * again, and the address gets back the attempt admitting it counted.
 */
export async function recordLoginSuccess(db: Database, login: string, address: string): Promise<void> {
  const [pair, addr, account] = keysFor(login, address);
  if (!pair || !addr || !account) return;
  await db.withoutTenant(async (tx) => {
    await tx`delete from login_throttle where key = any(${[pair.key, account.key]})`;
    await tx`update login_throttle set failures = greatest(failures - 1, 0) where key = ${addr.key}`;
  });
}
