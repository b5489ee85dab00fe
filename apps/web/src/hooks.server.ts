import { type Handle, json, type RequestEvent } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { env } from '$env/dynamic/private';
import type { ApiErrorBody, Me } from '$lib/api/contract';
import { createI18n } from '$lib/i18n';
import { type Locale, localeCookie, resolveLocale } from '$lib/i18n/locale';
import { ApiError, createApiClient } from '$lib/server/api';
import { clearSessionCookie, sessionCookie, storeCookie } from '$lib/server/cookies';
import { isCrossSiteRequest } from '$lib/server/cross-site';
import { withSecurityHeaders } from '$lib/server/security-headers';
import { selectStore } from '$lib/server/store-selection';

/** Pages reachable without a session: the login page and the language switch it offers. */
function isPublic(pathname: string): boolean {
  return pathname === '/login' || pathname === '/locale';
}

/** HSTS only where the Secure session cookie is set (production, unless COOKIE_SECURE=false) and over https. */
function servedOverHttps(url: URL): boolean {
  return !dev && env.NODE_ENV === 'production' && env.COOKIE_SECURE !== 'false' && url.protocol === 'https:';
}

/** A cross-site request forgery's answer, in the error shape the pages' fetches read. */
function crossSiteRefusal(locale: Locale): Response {
  const message = createI18n(locale).t('errors.crossSite');
  const body: ApiErrorBody = { code: 'FORBIDDEN', message, details: [{ path: 'origin', message }] };
  return json({ error: body }, { status: 403 });
}

/**
 * Every answer of the web server, page, endpoint, redirect or refusal, carries the security
 * headers (pages add their nonce CSP from `kit.csp` in svelte.config.js).
 */
export const handle: Handle = async ({ event, resolve }) => {
  const response = await answer(event, resolve);
  return withSecurityHeaders(response, { https: servedOverHttps(event.url) });
};

/**
 * Refuses a state-changing request from another site (see `isCrossSiteRequest`), then
 * resolves language and session. The session is whatever the API's `me` says about the
 * `crm_session` cookie — the web keeps no session state of its own.
 */
async function answer(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve']): Promise<Response> {
  const locale = resolveLocale(event.cookies.get(localeCookie));
  if (isCrossSiteRequest(event.request, event.url.origin)) return crossSiteRefusal(locale);
  const clientAddress = event.getClientAddress();
  event.locals.locale = locale;
  event.locals.api = createApiClient({ locale, clientAddress });
  event.locals.session = null;
  event.locals.store = null;

  const token = event.cookies.get(sessionCookie);
  if (token) {
    try {
      const me = await createApiClient({ token, locale, clientAddress }).get<Me>('/auth/me');
      event.locals.session = me;
      event.locals.api = createApiClient({ token, csrfToken: me.csrfToken, locale, clientAddress });
      event.locals.store = selectStore(me.stores, event.cookies.get(storeCookie));
    } catch (err) {
      // An expired or revoked session: forget it and sign in again. Anything else (the API
      // down) is not "signed out" and surfaces as an error page.
      if (!(err instanceof ApiError && err.status === 401)) throw err;
      clearSessionCookie(event.cookies);
    }
  }

  const { pathname, search } = event.url;
  if (!event.locals.session && !isPublic(pathname)) {
    const target = pathname === '/' ? '/login' : `/login?redirectTo=${encodeURIComponent(pathname + search)}`;
    return new Response(null, { status: 303, headers: { location: target } });
  }

  return resolve(event, {
    // app.html says zh-CN (the default); the page's language follows the chosen one.
    transformPageChunk: ({ html }) => html.replace('<html lang="zh-CN">', `<html lang="${locale}">`),
  });
}
