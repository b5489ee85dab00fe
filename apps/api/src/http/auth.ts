import { BlockList, isIP } from 'node:net';
import { type Actor, AppError, resolveApiToken, resolveSession } from '@crm/core';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, Deps } from './env.ts';

export const SESSION_COOKIE = 'crm_session';
export const CSRF_HEADER = 'x-csrf-token';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Finds the caller: a store API token (`Authorization: Bearer crm_…`, for the DMS) or a
 * session cookie (people). A cookie-authenticated request that changes something must
 * carry the session's CSRF token in `X-CSRF-Token`: a cookie alone proves only that the
 * browser sent it, not that our UI asked. Token callers need no CSRF token — a browser
 * never attaches one by itself.
 *
 * Every path but `publicPaths` needs a caller: an anonymous request is answered 401
 * before its body is even validated.
 *
 * @example
 * app.use('/v1/*', authenticate(deps, ['/v1/auth/login']));
 */
export function authenticate({ db }: Pick<Deps, 'db'>, publicPaths: readonly string[] = []) {
  const open = new Set(publicPaths);
  return createMiddleware<AppEnv>(async function authenticate(c, next) {
    c.set('actor', null);
    c.set('csrfToken', null);
    const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (bearer) {
      const actor = await resolveApiToken(db, bearer);
      if (!actor) throw new AppError('UNAUTHENTICATED', 'Unknown or revoked API token');
      c.set('actor', actor);
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) {
      const session = await resolveSession(db, cookie);
      if (session) {
        if (!safeMethods.has(c.req.method) && c.req.header(CSRF_HEADER) !== session.csrfToken) {
          throw new AppError('FORBIDDEN', 'Missing or wrong CSRF token (X-CSRF-Token)');
        }
        c.set('actor', session.actor);
        c.set('csrfToken', session.csrfToken);
      }
    }
    if (!c.get('actor') && !open.has(c.req.path)) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    return next();
  });
}

/** The caller, or 401. */
export function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return actor;
}

/** The proxies whose X-Forwarded-For is believed (config's TRUSTED_PROXIES: addresses or CIDR ranges). */
export function trustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function isTrusted(proxies: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && proxies.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client address the sign-in throttle counts. The socket's peer, unless that peer is a
 * trusted proxy: then X-Forwarded-For is read from its end (the hop the proxy added) back
 * past any further trusted proxies to the first address none of ours vouches for. From any
 * other peer the header is ignored — anyone can write it.
 *
 * @example
 * const proxies = trustedProxies(['127.0.0.1', '::1']);
 * clientAddress(c, proxies); // the browser's address when the web server on loopback forwards
 */
export function clientAddress(c: Context<AppEnv>, proxies: BlockList): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const peer = env?.incoming?.socket?.remoteAddress;
  if (!peer) return 'unknown';
  let address = plainAddress(peer);
  if (!isTrusted(proxies, address)) return address;
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => plainAddress(hop.trim()))
    .filter((hop) => isIP(hop) !== 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    address = hops[i] ?? address;
    if (!isTrusted(proxies, address)) break;
  }
  return address;
}
