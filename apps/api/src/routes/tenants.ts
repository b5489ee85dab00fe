import {
  CreateTenantInput,
  createTenant,
  getTenant,
  listTenants,
  Tenant,
  UpdateTenantInput,
  updateTenant,
} from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../http/auth.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { json, ok, TenantParams } from '../http/params.ts';

const tags = ['tenants'];

const list = createRoute({
  method: 'get',
  path: '/tenants',
  tags,
  summary: 'Dealer groups (platform operator)',
  responses: { 200: ok('Tenants', z.object({ items: z.array(Tenant) })), ...errorResponses(401, 403) },
});
const create = createRoute({
  method: 'post',
  path: '/tenants',
  tags,
  summary: 'Create a dealer group with its first HQ administrator',
  request: { body: json(CreateTenantInput) },
  responses: { 201: ok('Created', Tenant), ...errorResponses(400, 401, 403, 409) },
});
const get = createRoute({
  method: 'get',
  path: '/tenants/{tenantId}',
  tags,
  summary: 'One dealer group',
  request: { params: TenantParams },
  responses: { 200: ok('Tenant', Tenant), ...errorResponses(400, 401, 403, 404) },
});
const update = createRoute({
  method: 'patch',
  path: '/tenants/{tenantId}',
  tags,
  summary: 'Rename or (de)activate a dealer group',
  request: { params: TenantParams, body: json(UpdateTenantInput) },
  responses: { 200: ok('Tenant', Tenant), ...errorResponses(400, 401, 403, 404) },
});

export function tenantRoutes({ db }: Deps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => c.json({ items: await listTenants({ db, actor: actorOf(c) }) }, 200))
    .openapi(create, async (c) =>
      c.json(
        await createTenant({
          db,
          actor: actorOf(c),
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        201,
      ),
    )
    .openapi(get, async (c) =>
      c.json(await getTenant({ db, actor: actorOf(c), tenantId: c.req.valid('param').tenantId }), 200),
    )
    .openapi(update, async (c) =>
      c.json(
        await updateTenant({
          db,
          actor: actorOf(c),
          tenantId: c.req.valid('param').tenantId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    );
}
