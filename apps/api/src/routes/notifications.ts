import { listMyNotifications, markNotificationRead, Notification, NotificationListQuery } from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../http/auth.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { ok } from '../http/params.ts';

const tags = ['notifications'];

const list = createRoute({
  method: 'get',
  path: '/notifications',
  tags,
  summary: "The signed-in person's in-app notifications (escalations, dispatches), newest first",
  request: { query: NotificationListQuery },
  responses: {
    200: ok('Notifications', z.object({ items: z.array(Notification) })),
    ...errorResponses(400, 401, 403),
  },
});
const read = createRoute({
  method: 'post',
  path: '/notifications/{notificationId}/read',
  tags,
  summary: 'Mark one of your notifications read',
  request: {
    params: z.object({ notificationId: z.uuid().openapi({ param: { name: 'notificationId', in: 'path' } }) }),
  },
  responses: { 200: ok('Notification', Notification), ...errorResponses(400, 401, 403, 404) },
});

export function notificationRoutes({ db }: Deps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) =>
      c.json(
        { items: await listMyNotifications({ db, actor: actorOf(c), query: c.req.valid('query') }) },
        200,
      ),
    )
    .openapi(read, async (c) =>
      c.json(
        await markNotificationRead({
          db,
          actor: actorOf(c),
          notificationId: c.req.valid('param').notificationId,
        }),
        200,
      ),
    );
}
