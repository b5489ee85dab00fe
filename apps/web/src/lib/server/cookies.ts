import type { Cookies } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { env } from '$env/dynamic/private';

/** The web's own session cookie, holding the API session token. */
export const sessionCookie = 'crm_session';
/** The store the user last chose in the switcher. */
export const storeCookie = 'crm_store';

const oneYear = 60 * 60 * 24 * 365;

/**
 * Secure everywhere but development: browsers drop Secure cookies over plain http, so a
 * local or test stack on http sets `NODE_ENV` to something else or `COOKIE_SECURE=false`.
 */
function secure(): boolean {
  if (dev || env.NODE_ENV !== 'production') return false;
  return env.COOKIE_SECURE !== 'false';
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: string): void {
  const expires = new Date(expiresAt);
  cookies.set(sessionCookie, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secure(),
    ...(Number.isNaN(expires.getTime()) ? {} : { expires }),
  });
}

export function clearSessionCookie(cookies: Cookies): void {
  cookies.delete(sessionCookie, { path: '/', secure: secure() });
}

/** Preferences (language, store) — not secrets, but no script needs them either. */
export function setPreferenceCookie(cookies: Cookies, name: string, value: string): void {
  cookies.set(name, value, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(), maxAge: oneYear });
}
