import { ApiToken, CreateApiTokenInput, createApiToken, listApiTokens, revokeApiToken } from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../http/auth.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { json, ok, StoreParams, TokenParams } from '../http/params.ts';

const tags = ['api-tokens'];

const list = createRoute({
  method: 'get',
  path: '/stores/{storeId}/api-tokens',
  tags,
  summary: "The store's DMS tokens (prefix only)",
  request: { params: StoreParams },
  responses: {
    200: ok('Tokens', z.object({ items: z.array(ApiToken) })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const create = createRoute({
  method: 'post',
  path: '/stores/{storeId}/api-tokens',
  tags,
  summary: 'Create a DMS token; the secret is shown this once',
  request: { params: StoreParams, body: json(CreateApiTokenInput) },
  responses: {
    201: ok(
      'Created',
      ApiToken.extend({ token: z.string().openapi({ description: 'Shown once; store it in the DMS' }) }),
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});
const revoke = createRoute({
  method: 'delete',
  path: '/stores/{storeId}/api-tokens/{tokenId}',
  tags,
  summary: 'Revoke a DMS token',
  request: { params: TokenParams },
  responses: { 204: { description: 'Revoked' }, ...errorResponses(400, 401, 403, 404) },
});

export function apiTokenRoutes({ db }: Deps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) =>
      c.json(
        { items: await listApiTokens({ db, actor: actorOf(c), storeId: c.req.valid('param').storeId }) },
        200,
      ),
    )
    .openapi(create, async (c) =>
      c.json(
        await createApiToken({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          name: c.req.valid('json').name,
          requestId: c.get('requestId'),
        }),
        201,
      ),
    )
    .openapi(revoke, async (c) => {
      const { storeId, tokenId } = c.req.valid('param');
      await revokeApiToken({ db, actor: actorOf(c), storeId, tokenId, requestId: c.get('requestId') });
      return c.body(null, 204);
    });
}
