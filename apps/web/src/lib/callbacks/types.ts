/** The callback views the API returns (its OpenAPI schemas CallbackQueueItem, CallbackTaskPage, …). */
export type CallOutcome =
  | 'satisfied'
  | 'dissatisfied'
  | 'complaint'
  | 'customerBusy'
  | 'notOwner'
  | 'unsuccessful'
  | 'wrongNumber';

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
] as const;
export const wrongNumberReasons = ['wrongNumber', 'emptyNumber'] as const;

export interface QueueItem {
  id: string;
  callbackType: 'sales' | 'afterSales';
  state: string;
  urgency: 'rescheduled' | 'lastDay' | 'due';
  queue: 'normal' | 'vipFirst';
  opensOn: string;
  closesOn: string;
  rescheduledTo: string | null;
  attempts: number;
  assignedName: string | null;
  customerName: string;
  mobile: string | null;
  plate: string | null;
  model: string | null;
}

export interface QuestionnaireItem {
  id: string;
  type: 'score' | 'yesNo' | 'threeWay' | 'text';
  label: string;
}

export interface TaskPage {
  task: {
    id: string;
    callbackType: 'sales' | 'afterSales';
    state: string;
    opensOn: string;
    closesOn: string;
    attempts: number;
    unsuccessfulAttempts: number;
    smsFallbackAfterAttempts: number;
  };
  customer: { name: string; gender: string | null; mobile: string | null; vip: boolean; uncertain: boolean };
  vehicle: {
    vin: string;
    plate: string | null;
    series: string | null;
    model: string | null;
    mileageKm: number | null;
  };
  source: {
    kind: 'delivery' | 'repairOrder';
    on: string | null;
    salesConsultant: string | null;
    serviceAdvisor: string | null;
    repairTeam: string | null;
    orderTypes: string[];
    contractNo: string | null;
  };
  script: { opening: string; closing: string; forbiddenPhrases: string[] };
  questionnaire: { key: string; title: string; ruleSetVersion: number; items: QuestionnaireItem[] };
  attempts: {
    attemptNo: number;
    outcome: CallOutcome;
    reason: string | null;
    calledAt: string;
    calledByName: string | null;
  }[];
}

export interface RecordedCall {
  state: string;
  overallScore: number | null;
  band: 'fullySatisfied' | 'basicallySatisfied' | 'dissatisfied' | null;
  complaintId: string | null;
  uncertainRecordId: string | null;
  smsMessageId: string | null;
}

export interface StatisticsRow {
  key: string;
  name: string;
  events: number;
  attempted: number;
  reached: number;
  unsuccessful: { refusedOrNoAnswer: number; cannotConnect: number; other: number; total: number };
  successRate: number | null;
  fullySatisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  fullySatisfiedRate: number | null;
  basicallySatisfiedRate: number | null;
  items: { itemId: string; label: string; type: string; average: number | null; answered: number }[];
}

export interface StatisticsTable {
  by: 'salesConsultant' | 'serviceAdvisor' | 'repairTeam';
  from: string;
  to: string;
  rows: StatisticsRow[];
  total: StatisticsRow;
}

/** A rate as the tables show it: one decimal percent, "—" when its base is zero. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}
