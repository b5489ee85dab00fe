import type { Handle } from '@sveltejs/kit';
import type { Me } from '$lib/api/contract';
import { localeCookie, resolveLocale } from '$lib/i18n/locale';
import { ApiError, createApiClient } from '$lib/server/api';
import { clearSessionCookie, sessionCookie, storeCookie } from '$lib/server/cookies';
import { selectStore } from '$lib/server/store-selection';

/** Pages reachable without a session: the login page and the language switch it offers. */
function isPublic(pathname: string): boolean {
  return pathname === '/login' || pathname === '/locale';
}

/**
 * Resolves language and session for every request. The session is whatever the API's
 * `me` says about the `crm_session` cookie — the web keeps no session state of its own.
 */
export const handle: Handle = async ({ event, resolve }) => {
  const locale = resolveLocale(event.cookies.get(localeCookie));
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
};
