import { AppError, fileTooLarge } from '@crm/core';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { authenticate } from './http/auth.ts';
import { docsRoutes } from './http/docs.ts';
import type { AppEnv, Deps } from './http/env.ts';
import { errorResponse, handleError } from './http/errors.ts';
import { jsonBodyGuard } from './http/json-body.ts';
import { queueDashboard } from './http/queue-dashboard.ts';
import { securityHeaders } from './http/security-headers.ts';
import { apiTokenRoutes } from './routes/api-tokens.ts';
import { archiveAuditRoutes } from './routes/archive-audit.ts';
import { authRoutes } from './routes/auth.ts';
import { callbackRoutes } from './routes/callbacks.ts';
import { complaintActionRoutes } from './routes/complaint-actions.ts';
import { complaintReportRoutes } from './routes/complaint-reports.ts';
import { complaintRoutes } from './routes/complaints.ts';
import { customerRoutes } from './routes/customers.ts';
import { importRoutes } from './routes/imports.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { lostCustomerRoutes } from './routes/lost-customers.ts';
import { membershipRoutes } from './routes/membership.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { qualityRoutes } from './routes/quality.ts';
import { reportRoutes } from './routes/reports.ts';
import { ruleSetRoutes } from './routes/rule-sets.ts';
import { smsRoutes, smsWebhookRoutes } from './routes/sms.ts';
import { storeRoutes } from './routes/stores.ts';
import { tenantRoutes } from './routes/tenants.ts';
import { userRoutes } from './routes/users.ts';

export type { Deps } from './http/env.ts';

/** Room for the multipart boundaries and part headers around an upload's file. */
const multipartFraming = 64 * 1024;

/**
 * The HTTP API: `/v1` (JSON, described by `/openapi.json`, browsable at `/docs`),
 * `/healthz` and `/readyz` for orchestrators, `/admin/queues` for platform operators.
 *
 * @example
 * serve({ fetch: createApp(deps).fetch, port: 3001 });
 */
export function createApp(deps: Deps) {
  const { db, backend, config, log } = deps;
  const app = new OpenAPIHono<AppEnv>();

  app.use('*', securityHeaders(config));
  app.use('*', requestId());
  app.use('*', async (c, next) => {
    c.set('log', log.child({ requestId: c.get('requestId') }));
    const started = performance.now();
    await next();
    // Path and status only: query strings and bodies can carry personal data.
    c.get('log').info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  // Every body is capped. A file upload to an import is not read here (hono's bodyLimit
  // buffers a body sent without Content-Length): its file is counted as it streams to
  // storage against IMPORT_MAX_BYTES; a Content-Length already past that, with room for the
  // multipart framing, is refused before a byte is read.
  const bodyCap = bodyLimit({
    maxSize: config.MAX_BODY_BYTES,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${config.MAX_BODY_BYTES} bytes`, [
        { path: '', message: 'too large' },
      ]);
    },
  });
  const uploadCap: MiddlewareHandler = async (c, next) => {
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > config.IMPORT_MAX_BYTES + multipartFraming) {
      c.header('connection', 'close');
      throw fileTooLarge(config.IMPORT_MAX_BYTES);
    }
    await next();
  };
  // Only a multipart upload skips the JSON cap: any other body sent to the import route is capped.
  const isUpload = (method: string, path: string, type: string) =>
    method === 'POST' && /^\/v1\/stores\/[^/]+\/imports$/.test(path) && /^multipart\/form-data/i.test(type);
  const isEventBatch = (method: string, path: string) =>
    method === 'POST' && /^\/v1\/stores\/[^/]+\/events$/.test(path);
  app.use('*', (c, next) =>
    (isUpload(c.req.method, c.req.path, c.req.header('content-type') ?? '') ? uploadCap : bodyCap)(c, next),
  );
  // A DMS batch refuses an event with a NUL character on its own, the rest of the batch goes in.
  app.use('*', jsonBodyGuard({ nulCheckedByRoute: isEventBatch }));
  app.onError(handleError);
  app.notFound((c) => errorResponse(c, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const [database, queue] = await Promise.all([
      db.sql`select 1`.then(
        () => true,
        () => false,
      ),
      backend.ping(),
    ]);
    return c.json(
      { status: database && queue ? 'ok' : 'unavailable', database, queue, queueBackend: backend.kind },
      database && queue ? 200 : 503,
    );
  });

  app.use('/v1/*', authenticate(deps, ['/v1/auth/login']));
  app.use('/admin/*', authenticate(deps));
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'crm_session',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiToken', { type: 'http', scheme: 'bearer' });

  app.route('/v1', authRoutes(deps));
  app.route('/v1', tenantRoutes(deps));
  app.route('/v1', storeRoutes(deps));
  app.route('/v1', userRoutes(deps));
  app.route('/v1', apiTokenRoutes(deps));
  app.route('/v1', ingestRoutes(deps));
  app.route('/v1', customerRoutes(deps));
  app.route('/v1', archiveAuditRoutes(deps));
  app.route('/v1', importRoutes(deps));
  app.route('/v1', ruleSetRoutes(deps));
  app.route('/v1', smsRoutes(deps));
  app.route('/', smsWebhookRoutes(deps));
  app.route('/v1', lostCustomerRoutes(deps));
  app.route('/v1', membershipRoutes(deps));
  app.route('/v1', complaintRoutes(deps));
  app.route('/v1', complaintActionRoutes(deps));
  app.route('/v1', complaintReportRoutes(deps));
  app.route('/v1', notificationRoutes(deps));
  app.route('/v1', callbackRoutes(deps));
  app.route('/v1', qualityRoutes(deps));
  app.route('/v1', reportRoutes(deps));

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'CRM for dealer groups — API',
      version: '1.0.0',
      description:
        'Errors are always `{ "error": { "code", "message", "details": [{ "path", "message" }] } }`. ' +
        'Input that cannot be stored is a 400 `INVALID_INPUT` naming the field: malformed or empty JSON, a body nested ' +
        'more than 64 levels, a NUL character (U+0000) in any string or query value, a date, time or month outside ' +
        'the years 1900–2100. A body past the size limit is a 413 answered with `Connection: close`. ' +
        'People authenticate with the session cookie and send `X-CSRF-Token` on changes; the DMS uses a store API token as a Bearer token.',
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }, { apiToken: [] }],
  });
  app.route('/docs', docsRoutes('/openapi.json'));
  app.route('/admin/queues', queueDashboard(backend, '/admin/queues'));
  return app;
}
