// What the complaint API answers (see the API's OpenAPI document: Complaint, ComplaintPage …).

export type ComplaintState =
  | 'received'
  | 'upheld'
  | 'dispatched'
  | 'answered'
  | 'satisfied'
  | 'closed'
  | 'notUpheld';
export type ClockName = 'dispatch' | 'plan' | 'answer';
export const complaintStates: ComplaintState[] = [
  'received',
  'upheld',
  'dispatched',
  'answered',
  'satisfied',
  'closed',
  'notUpheld',
];
export const complaintCategories = [
  'productQuality',
  'repairQuality',
  'staffAttitude',
  'staffError',
  'price',
  'waitingTime',
  'other',
] as const;
export const complaintChannels = ['callback', 'walkIn', 'phone', 'letter', 'email'] as const;
export const departments = ['sales', 'service', 'parts', 'finance', 'customerRelations'] as const;

export interface ComplaintClock {
  id: string;
  clock: ClockName;
  round: number;
  startedAt: string;
  dueAt: string;
  doneAt: string | null;
  breachedAt: string | null;
  cancelledAt: string | null;
}

export interface ComplaintSummary {
  id: string;
  caseNo: string;
  channel: string;
  category: (typeof complaintCategories)[number];
  severity: 'ordinary' | 'urgent';
  state: ComplaintState;
  isRepeat: boolean;
  complaintCount: number;
  complainedAt: string;
  complainantName: string;
  plate: string | null;
  department: string | null;
  responsibleUserId: string | null;
  responsibleName: string | null;
  clocks: ComplaintClock[];
}

export interface Complaint extends ComplaintSummary {
  [field: string]: unknown;
  customerWords: string;
  customerDemands: string | null;
  solutionPlan: string | null;
  departmentAnswer: string | null;
  resultSummary: string | null;
  notUpheldReason: string | null;
  replyToCustomer: string | null;
}

export interface TimelineEntry {
  id: string;
  at: string;
  kind: string;
  actorName: string | null;
  details: Record<string, unknown>;
}

export interface PhraseWarning {
  field: string;
  phrases: string[];
}

export interface ComplaintPage {
  complaint: Complaint;
  timeline: TimelineEntry[];
  recalls: { id: string; outcome: string; note: string | null; calledAt: string }[];
  allClocks: ComplaintClock[];
  warnings: PhraseWarning[];
}
