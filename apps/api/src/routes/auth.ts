import { getMe, LoginInput, login, logout, RoleAssignment, Store } from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { actorOf, clientAddress, SESSION_COOKIE, trustedProxies } from '../http/auth.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';

const SessionBody = z.object({
  token: z.string().openapi({ description: 'Also set as the HttpOnly cookie crm_session' }),
  csrfToken: z
    .string()
    .openapi({ description: 'Send as X-CSRF-Token on every request that changes something' }),
  expiresAt: z.string(),
});
const MeUser = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
  locale: z.string(),
});
const MeBody = z
  .object({
    user: MeUser,
    tenant: z.object({ id: z.uuid(), name: z.string(), kind: z.enum(['group', 'platform']) }).nullable(),
    roles: z.array(RoleAssignment),
    stores: z.array(Store),
    csrfToken: z.string().nullable(),
  })
  .openapi('Me');

const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Sign in with email or mobile and password',
  description:
    'Failed attempts slow further ones instead of locking the account: past a few failures for an account ' +
    'from one address, for one address across accounts, or for one account from every address, the next ' +
    'attempt must wait 2^k seconds (at most 15 minutes per address, 30 seconds per account), answered 429 ' +
    'RATE_LIMITED with retryAfter. The right password from another address is not held up by a guesser. ' +
    'The client address is the socket peer; X-Forwarded-For counts only from TRUSTED_PROXIES.',
  security: [],
  request: { body: { content: { 'application/json': { schema: LoginInput } }, required: true } },
  responses: {
    200: {
      description: 'Signed in',
      content: { 'application/json': { schema: z.object({ user: MeUser, session: SessionBody }) } },
    },
    ...errorResponses(400, 401, 429),
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'Sign out (ends this session)',
  responses: { 204: { description: 'Signed out' }, ...errorResponses(401, 403) },
});

const meRoute = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['auth'],
  summary: 'The signed-in person, their roles and the stores they may switch between',
  responses: {
    200: { description: 'Me', content: { 'application/json': { schema: MeBody } } },
    ...errorResponses(401, 403),
  },
});

export function authRoutes({ db, config }: Deps) {
  const secure = config.COOKIE_SECURE ?? config.NODE_ENV === 'production';
  const proxies = trustedProxies(config.TRUSTED_PROXIES);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(loginRoute, async (c) => {
      const input = c.req.valid('json');
      const { session, actor } = await login({
        db,
        input,
        address: clientAddress(c, proxies),
        ttlHours: config.SESSION_TTL_HOURS,
      });
      setCookie(c, SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'Lax',
        secure,
        path: '/',
        expires: new Date(session.expiresAt),
      });
      const me = await getMe({ db, actor });
      return c.json({ user: me.user, session }, 200);
    })
    .openapi(logoutRoute, async (c) => {
      await logout(db, actorOf(c));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    })
    .openapi(meRoute, async (c) => {
      const me = await getMe({ db, actor: actorOf(c) });
      return c.json({ ...me, csrfToken: c.get('csrfToken') }, 200);
    });
}
