import type { ErrorDetail } from '../errors.ts';
import type { CallOutcome, RecordCallInput, UnsuccessfulBucket } from './schema.ts';

/** Outcomes 1–3: the customer was reached (回访成功). */
export const reachedOutcomes: readonly CallOutcome[] = ['satisfied', 'dissatisfied', 'complaint'];

/** Outcomes 4–5: a new time is agreed and the task is rescheduled to it. */
export const reschedulingOutcomes: readonly CallOutcome[] = ['customerBusy', 'notOwner'];

/**
 * The column of 回访未成功数 an attempt that did not reach the customer counts in, by its
 * reason: refused or no answer → 拒访+无人接听; powered off, suspended, line busy, call
 * barred, cannot connect → 无法接通; wrong or empty number, busy, not the owner → 其他.
 * Null for an attempt that reached the customer.
 *
 * @example
 * unsuccessfulBucket('unsuccessful', 'noAnswer'); // 'refusedOrNoAnswer'
 */
export function unsuccessfulBucket(outcome: CallOutcome, reason: string | null): UnsuccessfulBucket | null {
  if (reachedOutcomes.includes(outcome)) return null;
  if (outcome !== 'unsuccessful') return 'other';
  return reason === 'refused' || reason === 'noAnswer' ? 'refusedOrNoAnswer' : 'cannotConnect';
}

const unsuccessfulReasons = [
  'refused',
  'noAnswer',
  'lineBusy',
  'poweredOff',
  'suspended',
  'callBarred',
  'cannotConnect',
];
const wrongNumberReasons = ['wrongNumber', 'emptyNumber'];

/** What each outcome needs besides itself; the problems found, empty when the call can be recorded. */
export function callInputProblems(input: RecordCallInput): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const need = (ok: boolean, path: string, message: string) => {
    if (!ok) problems.push({ path, message });
  };
  const { outcome } = input;
  if (outcome === 'unsuccessful')
    need(
      unsuccessfulReasons.includes(input.reason ?? ''),
      'reason',
      `must be one of ${unsuccessfulReasons.join(', ')}`,
    );
  else if (outcome === 'wrongNumber')
    need(
      wrongNumberReasons.includes(input.reason ?? ''),
      'reason',
      `must be one of ${wrongNumberReasons.join(', ')}`,
    );
  else need(input.reason === undefined, 'reason', `is only for unsuccessful and wrongNumber outcomes`);
  if (outcome === 'satisfied' || outcome === 'dissatisfied')
    need(Object.keys(input.answers ?? {}).length > 0, 'answers', 'the questionnaire must be filled');
  if (!reachedOutcomes.includes(outcome))
    need(input.answers === undefined, 'answers', 'only a reached customer answers the questionnaire');
  need(
    reschedulingOutcomes.includes(outcome) === (input.rescheduleTo !== undefined),
    'rescheduleTo',
    reschedulingOutcomes.includes(outcome)
      ? 'the time agreed is required'
      : 'is only for customerBusy and notOwner',
  );
  if (outcome === 'complaint')
    need(input.note !== undefined, 'note', "the complaint in the customer's words");
  if (outcome !== 'dissatisfied' && outcome !== 'complaint')
    need(
      input.complaintCategory === undefined,
      'complaintCategory',
      'is only for dissatisfied and complaint',
    );
  return problems;
}
