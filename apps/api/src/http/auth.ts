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

/** The client address for rate limiting: the socket's, or the first hop a trusted proxy names. */
export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
