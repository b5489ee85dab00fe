import { z } from 'zod';

export const TierRequirement = z.object({
  /** The fact and path the rule reads, e.g. `spend.cumulativeFen`, `maintenanceAttendancePercent`. */
  fact: z.string(),
  operator: z.enum(['greaterThan', 'greaterThanInclusive']),
  required: z.number(),
  current: z.number().nullable(),
  met: z.boolean(),
});

export const TierProgress = z
  .object({
    /** The tier above the card's, or null at the top (or when the card's tier is not the store's). */
    nextTier: z.object({ code: z.string(), label: z.string() }).nullable(),
    /** The classification rule that moves a card there, with the thresholds it sets. */
    ruleId: z.string().nullable(),
    ruleName: z.string().nullable(),
    requirements: z.array(TierRequirement),
  })
  .meta({ id: 'TierProgress' });
export type TierProgress = z.infer<typeof TierProgress>;

interface Leaf {
  fact?: string;
  path?: string;
  operator?: string;
  value?: unknown;
}
interface ClassificationRule {
  id?: string;
  name?: string;
  conditions?: { all?: Leaf[]; any?: Leaf[] };
  event?: { type?: string; params?: { tier?: string } };
}

function read(facts: Record<string, unknown>, fact: string, path: string | undefined): number | null {
  let value: unknown = facts[fact];
  for (const key of (path ?? '')
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return typeof value === 'number' ? value : null;
}

/**
 * How far a card is from the next tier: the tier above its own among the store's tiers
 * (lowest first), the classification rule that moves cards there, and each numeric
 * threshold of that rule (spend, attendance, visits) against the card's current figure.
 * Reads the rule as written; conditions that are not a threshold (the current tier, …)
 * are left out.
 */
export function tierProgress(
  classification: { rules?: ClassificationRule[] },
  tiers: { code: string; label: string }[],
  currentTier: string,
  facts: Record<string, unknown>,
): TierProgress {
  const index = tiers.findIndex((t) => t.code === currentTier);
  const next = index >= 0 ? tiers[index + 1] : undefined;
  if (!next) return { nextTier: null, ruleId: null, ruleName: null, requirements: [] };
  const rule = (classification.rules ?? []).find(
    (r) => r.event?.type === 'moveTier' && r.event.params?.tier === next.code,
  );
  const leaves = rule?.conditions?.all ?? [];
  const requirements = leaves.flatMap((leaf): z.infer<typeof TierRequirement>[] => {
    if (
      typeof leaf.fact !== 'string' ||
      typeof leaf.value !== 'number' ||
      (leaf.operator !== 'greaterThan' && leaf.operator !== 'greaterThanInclusive')
    )
      return [];
    const current = read(facts, leaf.fact, leaf.path);
    const operator = leaf.operator;
    const met =
      current !== null && (operator === 'greaterThan' ? current > leaf.value : current >= leaf.value);
    const fact = [
      leaf.fact,
      ...(leaf.path ?? '')
        .replace(/^\$\.?/, '')
        .split('.')
        .filter(Boolean),
    ].join('.');
    return [{ fact, operator, required: leaf.value, current, met }];
  });
  return { nextTier: next, ruleId: rule?.id ?? null, ruleName: rule?.name ?? null, requirements };
}
