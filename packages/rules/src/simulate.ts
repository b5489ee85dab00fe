import { compileRuleSet } from './compile.ts';
import { type Explanation, explainRuleSet } from './explain.ts';
import type { DecisionOf, FactsOf, RuleKindName } from './registry.ts';

export interface SimulationSample<Name extends RuleKindName> {
  /** A label for the sample, e.g. the recorded event's id. */
  label: string;
  facts: FactsOf<Name>;
  now: string;
}

export interface SimulatedSample<Name extends RuleKindName> {
  label: string;
  draft: Explanation<Name>;
  /** The published version's decision for the same facts, when one was given. */
  published: DecisionOf<Name> | null;
  /** Whether the draft decides differently from the published version (ignoring versions). */
  changed: boolean;
}

export interface SimulateOptions<Name extends RuleKindName> {
  kind: Name;
  draft: { ruleSet: unknown; version: number };
  published?: { ruleSet: unknown; version: number } | undefined;
  samples: readonly SimulationSample<Name>[];
}

/**
 * Runs a draft over sample facts (or a store's last recorded events), explains each
 * decision, and compares it with the published version's.
 */
export async function simulateRuleSet<Name extends RuleKindName>(
  options: SimulateOptions<Name>,
): Promise<SimulatedSample<Name>[]> {
  const published = options.published
    ? compileRuleSet({
        kind: options.kind,
        ruleSet: options.published.ruleSet,
        version: options.published.version,
      })
    : null;
  const results: SimulatedSample<Name>[] = [];
  for (const sample of options.samples) {
    const draft = await explainRuleSet({
      kind: options.kind,
      ruleSet: options.draft.ruleSet,
      version: options.draft.version,
      facts: sample.facts,
      now: sample.now,
    });
    const publishedDecision = published ? published.decide(sample.facts, sample.now) : null;
    results.push({
      label: sample.label,
      draft,
      published: publishedDecision,
      changed:
        publishedDecision !== null && withoutVersions(draft.decision) !== withoutVersions(publishedDecision),
    });
  }
  return results;
}

/** A decision as JSON with rule-set versions left out: a new version alone is no change. */
function withoutVersions(decision: unknown): string {
  return JSON.stringify(decision, (key, value: unknown) => (key === 'ruleSetVersion' ? undefined : value));
}
