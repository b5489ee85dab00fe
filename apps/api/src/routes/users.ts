import {
  addRole,
  CreateUserInput,
  createUser,
  getUser,
  listUsers,
  RoleAssignment,
  RoleAssignmentInput,
  removeRole,
  UpdateUserInput,
  User,
  updateUser,
} from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../http/auth.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { json, ok, RoleParams, UserParams } from '../http/params.ts';

const tags = ['users'];

const list = createRoute({
  method: 'get',
  path: '/users',
  tags,
  summary: 'People of the group (HQ) or of your stores (store admin)',
  description: 'With `storeId`: the people holding a role at that store; a store not in your group is 404.',
  request: {
    query: z.object({
      storeId: z
        .uuid()
        .optional()
        .openapi({ param: { name: 'storeId', in: 'query' } }),
    }),
  },
  responses: { 200: ok('Users', z.object({ items: z.array(User) })), ...errorResponses(400, 401, 403, 404) },
});
const create = createRoute({
  method: 'post',
  path: '/users',
  tags,
  summary: 'Add a person with their roles',
  description:
    'An email or mobile is unique within the group (409 naming the field when someone of the group has it); ' +
    'one used in another group is no conflict and is not disclosed. Sign-in tries the password against each ' +
    'person with that login.',
  request: { body: json(CreateUserInput) },
  responses: { 201: ok('Created', User), ...errorResponses(400, 401, 403, 404, 409) },
});
const get = createRoute({
  method: 'get',
  path: '/users/{userId}',
  tags,
  summary: 'One person',
  request: { params: UserParams },
  responses: { 200: ok('User', User), ...errorResponses(400, 401, 403, 404) },
});
const update = createRoute({
  method: 'patch',
  path: '/users/{userId}',
  tags,
  summary: 'Edit a person; a new password or deactivation ends their sessions',
  description:
    'A store admin may change (details, email, mobile, password, deactivation, roles) only people whose every ' +
    'role is at a store they administer; anyone who also works at another store or group-wide is 403 (HQ changes ' +
    'them), and a person with no role at their stores is 404.',
  request: { params: UserParams, body: json(UpdateUserInput) },
  responses: { 200: ok('User', User), ...errorResponses(400, 401, 403, 404, 409) },
});
const addRoleRoute = createRoute({
  method: 'post',
  path: '/users/{userId}/roles',
  tags,
  summary: 'Give a person a role (at a store, or group-wide)',
  request: { params: UserParams, body: json(RoleAssignmentInput) },
  responses: { 201: ok('Assigned', RoleAssignment), ...errorResponses(400, 401, 403, 404, 409) },
});
const removeRoleRoute = createRoute({
  method: 'delete',
  path: '/users/{userId}/roles/{assignmentId}',
  tags,
  summary: 'Take a role away',
  request: { params: RoleParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses(400, 401, 403, 404, 409) },
});

export function userRoutes({ db }: Deps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) =>
      c.json(
        { items: await listUsers({ db, actor: actorOf(c), storeId: c.req.valid('query').storeId }) },
        200,
      ),
    )
    .openapi(create, async (c) =>
      c.json(
        await createUser({
          db,
          actor: actorOf(c),
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        201,
      ),
    )
    .openapi(get, async (c) =>
      c.json(await getUser({ db, actor: actorOf(c), userId: c.req.valid('param').userId }), 200),
    )
    .openapi(update, async (c) =>
      c.json(
        await updateUser({
          db,
          actor: actorOf(c),
          userId: c.req.valid('param').userId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(addRoleRoute, async (c) =>
      c.json(
        await addRole({
          db,
          actor: actorOf(c),
          userId: c.req.valid('param').userId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        201,
      ),
    )
    .openapi(removeRoleRoute, async (c) => {
      const { userId, assignmentId } = c.req.valid('param');
      await removeRole({ db, actor: actorOf(c), userId, assignmentId, requestId: c.get('requestId') });
      return c.body(null, 204);
    });
}
