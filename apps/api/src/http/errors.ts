import { AppError, type AppErrorCode, type ErrorDetail } from '@crm/core';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { AppEnv } from './env.ts';

/** The one table from error code to HTTP status. */
export const statusOf: Record<AppErrorCode, ContentfulStatusCode> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'INVALID_INPUT' }),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })),
      retryAfter: z.number().int().optional().openapi({
        description: 'RATE_LIMITED: seconds until the next attempt (also the Retry-After header)',
      }),
    }),
  })
  .openapi('Error');

/** Zod issues → error details with dotted field paths (`roles.0.storeId`). */
export function detailsFrom(error: ZodError, prefix = ''): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

/** The defaultHook of every route: invalid input becomes one INVALID_INPUT naming each field. */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target?: string },
): void {
  if (!result.success) {
    const where = result.target === 'json' ? '' : (result.target ?? '');
    const details = detailsFrom(result.error, where === 'param' ? '' : where === 'query' ? '' : where);
    throw new AppError(
      'INVALID_INPUT',
      `Invalid input: ${details.map((d) => `${d.path || '(body)'} ${d.message}`).join('; ')}`,
      details,
    );
  }
}

export function errorResponse(
  c: Context<AppEnv>,
  code: AppErrorCode,
  message: string,
  details: ErrorDetail[] = [],
  retryAfter?: number,
) {
  // A body refused as too large is not read to its end: the connection cannot carry another
  // request, so say so rather than answer keep-alive and reset it under the client's next one.
  if (code === 'PAYLOAD_TOO_LARGE') c.header('connection', 'close');
  if (retryAfter === undefined) return c.json({ error: { code, message, details } }, statusOf[code]);
  c.header('retry-after', String(retryAfter));
  return c.json({ error: { code, message, details, retryAfter } }, statusOf[code]);
}

/** onError: AppErrors keep their code; Hono's own 4xx (malformed JSON, body too large) get our shape; anything else is a 500 and is logged. */
export function handleError(error: Error, c: Context<AppEnv>) {
  if (error instanceof AppError)
    return errorResponse(c, error.code, error.message, error.details, error.retryAfterSeconds);
  if (error instanceof HTTPException && error.status < 500) {
    const code: AppErrorCode =
      error.status === 413
        ? 'PAYLOAD_TOO_LARGE'
        : error.status === 401
          ? 'UNAUTHENTICATED'
          : error.status === 403
            ? 'FORBIDDEN'
            : 'INVALID_INPUT';
    const message =
      error.status === 400 && /json/i.test(error.message)
        ? 'The body is not valid JSON'
        : error.message || 'Bad request';
    return errorResponse(c, code, message, [{ path: '', message }]);
  }
  c.var.log?.error({ err: error }, 'unhandled error');
  return c.json(
    { error: { code: 'INTERNAL', message: 'Something went wrong on our side', details: [] } },
    500,
  );
}

/** OpenAPI response entries for the errors a route can return. */
export function errorResponses(...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 429)[]) {
  const descriptions: Record<number, string> = {
    400: 'Invalid input; details name each field',
    401: 'Not signed in',
    403: 'Not allowed for your role',
    404: 'Not found (or not yours)',
    409: 'Conflicts with existing data',
    413: 'Body too large',
    429: 'Too many attempts; retryAfter and the Retry-After header say when to try again',
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: descriptions[s] ?? 'Error', content: { 'application/json': { schema: ErrorBody } } },
    ]),
  ) as Record<number, { description: string; content: { 'application/json': { schema: typeof ErrorBody } } }>;
}
