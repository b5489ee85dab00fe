import { AppError, type ErrorDetail, maxInputDepth, unsafeJsonAt } from '@crm/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

export interface JsonBodyGuardOptions {
  /** Deepest nesting a body may have (default core's `maxInputDepth`). */
  maxDepth?: number;
  /**
   * Requests whose body may carry NUL characters because their route refuses them item by
   * item (a DMS batch refuses the one event, not the batch).
   */
  nulCheckedByRoute?: (method: string, path: string) => boolean;
}

const jsonType = /^application\/([a-z0-9.+-]+\+)?json\b/i;
const refuse = (detail: ErrorDetail) =>
  new AppError('INVALID_INPUT', `Invalid input: ${detail.path || '(body)'} ${detail.message}`, [detail]);

/**
 * Parses a JSON body once, before any route sees it, and refuses what no route could store:
 * malformed JSON, nesting past `maxDepth` (recursive validation would overflow the stack),
 * and NUL characters (Postgres text cannot hold them) in the body or the query string —
 * each a 400 INVALID_INPUT naming the field, where a database error was a 500. The parsed
 * body is left in Hono's body cache for the route's validator.
 *
 * @example
 * app.use('*', jsonBodyGuard({ nulCheckedByRoute: (m, p) => m === 'POST' && p.endsWith('/events') }));
 */
export function jsonBodyGuard({
  maxDepth = maxInputDepth,
  nulCheckedByRoute = () => false,
}: JsonBodyGuardOptions = {}): MiddlewareHandler<AppEnv> {
  return async function guardJsonBody(c, next) {
    // The raw path: Hono's c.req.path is already decoded.
    const url = new URL(c.req.url);
    if (/%00/.test(url.pathname)) throw refuse({ path: '(path)', message: 'must not contain %00' });
    for (const [name, value] of url.searchParams) {
      const problem = unsafeJsonAt(value) ?? unsafeJsonAt(name);
      if (problem) throw refuse({ path: name.replaceAll('\u0000', ''), message: problem.message });
    }
    const type = c.req.header('content-type') ?? '';
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !jsonType.test(type)) return next();
    const text = await c.req.text();
    // An empty body is the route's to judge: a body-less action may be sent with a JSON type.
    if (text.trim() === '') return next();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw refuse({ path: '', message: 'is not valid JSON' });
    }
    const problem = unsafeJsonAt(body, { maxDepth, nul: !nulCheckedByRoute(c.req.method, c.req.path) });
    if (problem) throw refuse(problem);
    c.req.bodyCache.json = Promise.resolve(body);
    return next();
  };
}
