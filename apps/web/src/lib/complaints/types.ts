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
  /** 受理时间: the clocks run from here. */
  receivedAt: string;
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

export const reportSteps = ['dispatch', 'plan', 'answer', 'close'] as const;
export const complaintOutcomes = ['resolved', 'notUpheld', 'open'] as const;

/** One store's complaint report (the API's ComplaintReport). */
export interface ComplaintReport {
  storeId: string;
  storeCode: string;
  storeName: string;
  timeZone: string;
  from: string;
  to: string;
  total: number;
  byCategory: { category: (typeof complaintCategories)[number]; count: number }[];
  byDepartment: { department: (typeof departments)[number] | null; count: number }[];
  byOutcome: { outcome: (typeof complaintOutcomes)[number]; count: number }[];
  times: {
    step: (typeof reportSteps)[number];
    count: number;
    medianMinutes: number | null;
    averageMinutes: number | null;
  }[];
  breachesByClock: { clock: ClockName; count: number }[];
  breaches: {
    complaintId: string;
    caseNo: string;
    clock: ClockName;
    round: number;
    dueAt: string;
    stoppedAt: string | null;
    overdueMinutes: number;
  }[];
}

export interface GroupComplaintReport {
  from: string;
  to: string;
  stores: ComplaintReport[];
}

/** Someone a complaint can be dispatched to (the API's ComplaintPerson). */
export interface ComplaintPerson {
  id: string;
  name: string;
  roles: { role: string; position: string | null }[];
}

export interface ComplaintSettings {
  repeatWithinDays: number;
  forbiddenPhrases: string[];
  responsibilities: {
    category: (typeof complaintCategories)[number];
    department: (typeof departments)[number];
    responsibleUserId: string | null;
  }[];
  departmentManagers: { department: (typeof departments)[number]; managerUserId: string }[];
  /** Also text the people an escalation notifies (those with a mobile). */
  escalationSms: boolean;
}

export interface ComplaintAttachment {
  id: string;
  actionId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: string;
}

/** 纠正预防措施 */
export interface ComplaintAction {
  id: string;
  kind: 'corrective' | 'preventive';
  description: string;
  ownerUserId: string | null;
  dueOn: string | null;
  doneAt: string | null;
  createdAt: string;
  attachments: ComplaintAttachment[];
}

export interface AppNotification {
  id: string;
  kind: string;
  storeId: string | null;
  complaintId: string | null;
  step: number | null;
  details: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}
