import {
  discardDraft,
  getRuleSetState,
  history,
  listRuleKindInfo,
  PublishInput,
  publish,
  RollbackInput,
  RuleKindInfo,
  RuleSetBody,
  RuleSetIssue,
  RuleSetState,
  RuleSetValidation,
  RuleSetVersion,
  rollback,
  SimulateInput,
  Simulation,
  saveDraft,
  simulateRuleSetDraft,
  validateDraft,
} from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { actorOf } from '../http/auth.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { json, ok } from '../http/params.ts';

const tags = ['rule-sets'];

const kindParam = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]{0,39}$/, 'a rule kind name such as callbackWindow')
  .openapi({ param: { name: 'kind', in: 'path' }, example: 'callbackWindow' });
const StoreKindParams = z.object({
  storeId: z.uuid().openapi({ param: { name: 'storeId', in: 'path' } }),
  kind: kindParam,
});
const GroupKindParams = z.object({ kind: kindParam });

const ValidateInput = z.object({ body: RuleSetBody.optional() }).strict();
const DraftSaved = z.object({ draft: RuleSetVersion, issues: z.array(RuleSetIssue) });

const listKinds = createRoute({
  method: 'get',
  path: '/rule-kinds',
  tags,
  summary: 'Rule kinds with the JSON Schemas of their rule sets and facts, defaults and example facts',
  responses: { 200: ok('Rule kinds', z.object({ items: z.array(RuleKindInfo) })), ...errorResponses(401) },
});

/**
 * The same eight routes for a store's rule sets and for the group's defaults: `base` is
 * the path, `params` its schema. Core authorises (store admins their store, HQ everything,
 * store roles read; group defaults HQ only).
 */
function scopedRoutes(base: string, params: typeof StoreKindParams | typeof GroupKindParams, who: string) {
  const request = { params };
  return {
    state: createRoute({
      method: 'get',
      path: base,
      tags,
      summary: `${who}: the effective rule set of a kind (and where it comes from) and the draft`,
      request,
      responses: { 200: ok('State', RuleSetState), ...errorResponses(400, 401, 403, 404) },
    }),
    save: createRoute({
      method: 'put',
      path: `${base}/draft`,
      tags,
      summary: `${who}: save the draft (it may be invalid; its problems come back with it)`,
      request: { ...request, body: json(RuleSetBody) },
      responses: { 200: ok('Saved', DraftSaved), ...errorResponses(400, 401, 403, 404, 413) },
    }),
    discard: createRoute({
      method: 'delete',
      path: `${base}/draft`,
      tags,
      summary: `${who}: throw the draft away`,
      request,
      responses: { 204: { description: 'Discarded' }, ...errorResponses(400, 401, 403, 404) },
    }),
    validate: createRoute({
      method: 'post',
      path: `${base}/validate`,
      tags,
      summary: `${who}: validate a body (or the saved draft); issues carry JSON paths into it`,
      request: { ...request, body: json(ValidateInput) },
      responses: { 200: ok('Validation', RuleSetValidation), ...errorResponses(400, 401, 403, 404) },
    }),
    simulate: createRoute({
      method: 'post',
      path: `${base}/simulate`,
      tags,
      summary: `${who}: run the draft over sample facts; decisions, explanation and the difference from the effective version`,
      request: { ...request, body: json(SimulateInput) },
      responses: { 200: ok('Simulation', Simulation), ...errorResponses(400, 401, 403, 404) },
    }),
    publish: createRoute({
      method: 'post',
      path: `${base}/publish`,
      tags,
      summary: `${who}: validate and publish the draft as the new version; the previous one is archived`,
      request: { ...request, body: json(PublishInput) },
      responses: { 200: ok('Published', RuleSetVersion), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    history: createRoute({
      method: 'get',
      path: `${base}/history`,
      tags,
      summary: `${who}: every version, newest first, with bodies`,
      request,
      responses: {
        200: ok('History', z.object({ items: z.array(RuleSetVersion) })),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    rollback: createRoute({
      method: 'post',
      path: `${base}/rollback`,
      tags,
      summary: `${who}: publish a copy of an older version as a new version`,
      request: { ...request, body: json(RollbackInput) },
      responses: { 200: ok('Published', RuleSetVersion), ...errorResponses(400, 401, 403, 404, 409) },
    }),
  };
}

const store = scopedRoutes('/stores/{storeId}/rule-sets/{kind}', StoreKindParams, 'Store');
const group = scopedRoutes('/rule-sets/{kind}', GroupKindParams, 'Group default (HQ)');

export function ruleSetRoutes({ db }: Deps) {
  const scope = (c: Context<AppEnv>) => {
    const { kind, storeId } = c.req.param() as { kind: string; storeId?: string };
    return { db, actor: actorOf(c), kind, storeId: storeId ?? null, requestId: c.get('requestId') };
  };
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(listKinds, (c) =>
    c.json({ items: listRuleKindInfo() }, 200),
  );
  for (const routes of [store, group]) {
    app
      .openapi(routes.state, async (c) => c.json(await getRuleSetState(scope(c)), 200))
      .openapi(routes.save, async (c) =>
        c.json(await saveDraft({ ...scope(c), body: c.req.valid('json') }), 200),
      )
      .openapi(routes.discard, async (c) => {
        await discardDraft(scope(c));
        return c.body(null, 204);
      })
      .openapi(routes.validate, async (c) =>
        c.json(await validateDraft({ ...scope(c), body: c.req.valid('json').body }), 200),
      )
      .openapi(routes.simulate, async (c) =>
        c.json(await simulateRuleSetDraft({ ...scope(c), input: c.req.valid('json') }), 200),
      )
      .openapi(routes.publish, async (c) =>
        c.json(await publish({ ...scope(c), input: c.req.valid('json') }), 200),
      )
      .openapi(routes.history, async (c) => c.json({ items: await history(scope(c)) }, 200))
      .openapi(routes.rollback, async (c) =>
        c.json(await rollback({ ...scope(c), version: c.req.valid('json').version }), 200),
      );
  }
  return app;
}
