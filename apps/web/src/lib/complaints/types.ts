// The web's names for what the complaint API answers (generated from its OpenAPI document:
// Complaint, ComplaintPage …), and the lists the complaint forms and reports offer.
import type {
  ComplaintClock,
  ComplaintReport,
  ComplaintSettings,
  ComplaintSummary,
  ComplaintTimelineEntry,
  ForbiddenPhraseWarning,
  Notification,
} from '$lib/api/contract';

export type {
  Complaint,
  ComplaintAction,
  ComplaintAttachment,
  ComplaintClock,
  ComplaintPage,
  ComplaintPerson,
  ComplaintReport,
  ComplaintSettings,
  ComplaintSummary,
  GroupComplaintReport,
} from '$lib/api/contract';
export type ComplaintState = ComplaintSummary['state'];
export type ClockName = ComplaintClock['clock'];
export type TimelineEntry = ComplaintTimelineEntry;
export type PhraseWarning = ForbiddenPhraseWarning;
export type AppNotification = Notification;
type Department = ComplaintSettings['responsibilities'][number]['department'];
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
] as const satisfies readonly ComplaintSummary['category'][];
export const complaintChannels = [
  'callback',
  'walkIn',
  'phone',
  'letter',
  'email',
] as const satisfies readonly ComplaintSummary['channel'][];
export const departments = [
  'sales',
  'service',
  'parts',
  'finance',
  'customerRelations',
] as const satisfies readonly Department[];

export const reportSteps = [
  'dispatch',
  'plan',
  'answer',
  'close',
] as const satisfies readonly ComplaintReport['times'][number]['step'][];
export const complaintOutcomes = [
  'resolved',
  'notUpheld',
  'open',
] as const satisfies readonly ComplaintReport['byOutcome'][number]['outcome'][];
