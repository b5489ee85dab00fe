import { daysSinceAtLeast, daysSinceAtMost, daysSinceBetween, daysUntilBetween } from './day-operators.ts';
import { engineOperators } from './engine-operators.ts';
import { mileageAtLeast, mileageBelow, mileageBetween } from './mileage-operators.ts';
import type { DomainOperator, OperatorDefinition } from './operator.ts';
import { inSet, startsWith } from './set-operators.ts';

/** Domain operators every kind may use; a kind may add its own on top. */
export const sharedDomainOperators: readonly DomainOperator[] = [
  daysSinceAtLeast,
  daysSinceAtMost,
  daysSinceBetween,
  daysUntilBetween,
  mileageAtLeast,
  mileageBelow,
  mileageBetween,
  inSet,
  startsWith,
];

/** The operators a kind's conditions may name, by name. */
export function operatorsFor(
  kindOperators: readonly DomainOperator[],
): ReadonlyMap<string, OperatorDefinition> {
  const all: OperatorDefinition[] = [...engineOperators, ...sharedDomainOperators, ...kindOperators];
  return new Map(all.map((operator) => [operator.name, operator]));
}
