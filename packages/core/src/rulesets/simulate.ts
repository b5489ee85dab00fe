import { InvalidRuleSetError, ruleKinds, simulateRuleSet } from '@crm/rules';
import { AppError, type ErrorDetail, notFound } from '../errors.ts';
import { assertCan, assertStoreCan } from '../identity/actor.ts';
import { assertRuleKind } from './effective.ts';
import { recordedEventSamples } from './recorded-events.ts';
import { sampleFacts } from './sample-facts.ts';
import type { SimulateInput, Simulation } from './schema.ts';
import { effectiveRuleSetBody, nextVersion, type RuleSetOptions } from './versions.ts';

/**
 * Runs a draft (the given body or the saved draft) over sample facts — the caller's, the
 * kind's worked examples, or the scope's last N recorded events — explains every rule
 * with json-rules-engine, and compares each decision with the version that decides today
 * for this scope. Nothing is written.
 */
export async function simulate(options: RuleSetOptions & { input: SimulateInput }): Promise<Simulation> {
  const { db, actor, storeId, kind, input } = options;
  if (storeId === null) assertCan(actor, 'rules.editGroup');
  else assertStoreCan(actor, storeId, 'rules.read');
  assertRuleKind(kind);
  const { draft, effective, samples } = await db.withTenant(actor.tenantId, async (tx) => {
    if (storeId !== null) {
      const [store] = await tx`select 1 from stores where id = ${storeId}`;
      if (!store) throw notFound('Store');
    }
    const samples = input.recentEvents
      ? await recordedEventSamples(tx, actor.tenantId, storeId, kind, input.recentEvents)
      : (input.samples ?? sampleFacts[kind]).map((s) => ({
          label: s.label,
          facts: s.facts,
          now: s.now ?? new Date().toISOString(),
        }));
    if (samples.length === 0)
      throw new AppError('INVALID_INPUT', 'There are no recorded events to replay yet', [
        { path: 'recentEvents', message: 'no deliveries or closed repair orders recorded' },
      ]);
    const [row] = await tx<{ version: number; body: unknown }[]>`
      select version, body from rule_sets
      where tenant_id = ${actor.tenantId} and kind = ${kind} and status = 'draft'
        and store_id is not distinct from ${storeId}::uuid`;
    return {
      draft: row ?? { version: await nextVersion(tx, actor.tenantId, storeId, kind), body: undefined },
      effective: await effectiveRuleSetBody(tx, actor.tenantId, storeId, kind),
      samples,
    };
  });
  const factsSchema = ruleKinds[kind].factsSchema;
  const factIssues: ErrorDetail[] = samples.flatMap((sample, index) => {
    const parsed = factsSchema.safeParse(sample.facts);
    return parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({
          path: ['samples', index, 'facts', ...issue.path.map(String)].join('.'),
          message: issue.message,
        }));
  });
  if (factIssues.length > 0)
    throw new AppError('INVALID_INPUT', 'Some sample facts are not valid', factIssues);

  const body = input.body ?? draft.body;
  if (body === undefined) throw notFound('Draft');
  const draftVersion = draft.version;

  try {
    const results = await simulateRuleSet({
      kind,
      draft: { ruleSet: body, version: draftVersion },
      published: { ruleSet: effective.body, version: effective.version },
      samples,
    });
    const simulated = results.map((result, index) => ({
      label: result.label,
      facts: samples[index]?.facts ?? {},
      now: samples[index]?.now ?? '',
      decision: result.draft.decision,
      publishedDecision: result.published,
      changed: result.changed,
      rules: result.draft.rules,
    }));
    return {
      kind,
      draftVersion,
      comparedWith: { scope: effective.scope, version: effective.version },
      samples: simulated,
      changedCount: simulated.filter((s) => s.changed).length,
    };
  } catch (error) {
    if (error instanceof InvalidRuleSetError) {
      throw new AppError(
        'INVALID_INPUT',
        error.message,
        error.issues.map((i) => ({ path: i.path, message: i.message })),
      );
    }
    throw error;
  }
}
