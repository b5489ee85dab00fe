// The web's names for the callback views the API returns (generated from its OpenAPI
// document: CallbackQueueItem, CallbackTaskPage, …), and the lists the call screen offers.
import type {
  CallbackQueueItem,
  CallbackStatisticsRow,
  CallbackStatisticsTable,
  CallbackTaskPage,
  RecordCallInput,
} from '$lib/api/contract';

export type { RecordedCall } from '$lib/api/contract';
export type QueueItem = CallbackQueueItem;
export type TaskPage = CallbackTaskPage;
export type QuestionnaireItem = TaskPage['questionnaire']['items'][number];
export type CallOutcome = TaskPage['attempts'][number]['outcome'];
export type StatisticsRow = CallbackStatisticsRow;
export type StatisticsTable = CallbackStatisticsTable;

/** The seven outcomes in the order of their keys 1–7 on the call screen. */
export const outcomes: CallOutcome[] = [
  'satisfied',
  'dissatisfied',
  'complaint',
  'customerBusy',
  'notOwner',
  'unsuccessful',
  'wrongNumber',
];
export const unsuccessfulReasons = [
  'noAnswer',
  'refused',
  'lineBusy',
  'poweredOff',
  'suspended',
  'callBarred',
  'cannotConnect',
] as const satisfies readonly NonNullable<RecordCallInput['reason']>[];
export const wrongNumberReasons = ['wrongNumber', 'emptyNumber'] as const satisfies readonly NonNullable<
  RecordCallInput['reason']
>[];

/** A rate as the tables show it: one decimal percent, "—" when its base is zero. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}
