import { DeliveryEvent, IngestResult, ingestEvents, maxBatchSize, RepairOrderEvent } from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../http/auth.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { json, ok, StoreParams } from '../http/params.ts';

const tags = ['events'];

// Events are validated one by one in core, so a bad one is rejected alone (naming its
// field) while the rest are taken; the document still describes each item's shape.
const IngestBatch = z.object({
  events: z
    .array(z.unknown().openapi({ $ref: '#/components/schemas/IngestEvent' } as never))
    .min(1)
    .max(maxBatchSize),
});

const ingest = createRoute({
  method: 'post',
  path: '/stores/{storeId}/events',
  tags,
  summary: 'Deliveries and repair orders from the DMS: one or a batch of up to 1,000',
  description:
    'Idempotent on each event’s `dmsId` per store: the same event again is `unchanged` and decides nothing. ' +
    'Each item comes back `created`, `updated`, `unchanged` or `rejected` (with errors naming the field), ' +
    'each event on its own: one that fails validation (a NUL character, a year outside 1900–2100) or whose values ' +
    'the database refuses is rejected and the rest of the batch is taken. ' +
    'with the decisions the store’s rules took (callback tasks, points, reminders, card, classification), ' +
    'each citing its rule-set version. Callers: the store’s API token, or a store admin / CR manager / HQ session.',
  request: { params: StoreParams, body: json(IngestBatch) },
  responses: { 200: ok('Per-item results', IngestResult), ...errorResponses(400, 401, 403, 404, 413) },
});

export function ingestRoutes({ db }: Deps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // Built with this package's zod so the registry can name it (core's schemas carry no `.openapi`).
  app.openAPIRegistry.register(
    'IngestEvent',
    z.discriminatedUnion('type', [DeliveryEvent, RepairOrderEvent]),
  );
  return app.openapi(ingest, async (c) =>
    c.json(
      await ingestEvents({
        db,
        actor: actorOf(c),
        storeId: c.req.valid('param').storeId,
        events: c.req.valid('json').events,
        requestId: c.get('requestId'),
      }),
      200,
    ),
  );
}
