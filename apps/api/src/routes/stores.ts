import {
  CreateStoreInput,
  createStore,
  deactivateStore,
  getStore,
  listStores,
  reactivateStore,
  Store,
  UpdateStoreInput,
  updateStore,
} from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../http/auth.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { json, ok, StoreParams } from '../http/params.ts';

const tags = ['stores'];

const list = createRoute({
  method: 'get',
  path: '/stores',
  tags,
  summary: 'Stores the caller may see (HQ: all of the group)',
  responses: { 200: ok('Stores', z.object({ items: z.array(Store) })), ...errorResponses(401) },
});
const create = createRoute({
  method: 'post',
  path: '/stores',
  tags,
  summary: 'Open a store (HQ)',
  request: { body: json(CreateStoreInput) },
  responses: { 201: ok('Created', Store), ...errorResponses(400, 401, 403, 409) },
});
const get = createRoute({
  method: 'get',
  path: '/stores/{storeId}',
  tags,
  summary: 'One store',
  request: { params: StoreParams },
  responses: { 200: ok('Store', Store), ...errorResponses(400, 401, 403, 404) },
});
const update = createRoute({
  method: 'patch',
  path: '/stores/{storeId}',
  tags,
  summary: "Edit a store's details (HQ)",
  request: { params: StoreParams, body: json(UpdateStoreInput) },
  responses: { 200: ok('Store', Store), ...errorResponses(400, 401, 403, 404, 409) },
});
const deactivate = createRoute({
  method: 'post',
  path: '/stores/{storeId}/deactivate',
  tags,
  summary: 'Deactivate a store (HQ); its history is kept',
  request: { params: StoreParams },
  responses: { 200: ok('Store', Store), ...errorResponses(400, 401, 403, 404) },
});

const reactivate = createRoute({
  method: 'post',
  path: '/stores/{storeId}/reactivate',
  tags,
  summary: 'Reactivate a deactivated store (HQ); it returns to the store switcher',
  request: { params: StoreParams },
  responses: { 200: ok('Store', Store), ...errorResponses(400, 401, 403, 404) },
});

export function storeRoutes({ db }: Deps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => c.json({ items: await listStores({ db, actor: actorOf(c) }) }, 200))
    .openapi(create, async (c) =>
      c.json(
        await createStore({
          db,
          actor: actorOf(c),
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        201,
      ),
    )
    .openapi(get, async (c) =>
      c.json(await getStore({ db, actor: actorOf(c), storeId: c.req.valid('param').storeId }), 200),
    )
    .openapi(update, async (c) =>
      c.json(
        await updateStore({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(deactivate, async (c) =>
      c.json(
        await deactivateStore({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(reactivate, async (c) =>
      c.json(
        await reactivateStore({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          requestId: c.get('requestId'),
        }),
        200,
      ),
    );
}
