// The web's names for the SMS API's answers (generated from its OpenAPI document), and the
// lists the send log's filters offer.
import type { SmsMessage } from '$lib/api/contract';

export type { SmsMessage, SmsPreview } from '$lib/api/contract';
export type SmsStatus = SmsMessage['status'];
export type SmsReply = SmsMessage['replies'][number];
export const smsStatuses: SmsStatus[] = ['queued', 'sent', 'delivered', 'failed', 'suppressed'];

/** The reasons a message is sent: the reminder kinds, an SMS survey, or a manual send. */
export const smsReasons = [
  'manual',
  'survey',
  'firstMaintenance',
  'periodicMaintenance',
  'warrantyEnd',
  'annualInspection',
  'insuranceRenewal',
  'birthday',
  'holidayGreeting',
  'postServiceThanks',
  'lostCustomerWinBack',
] as const;
export type SmsReason = (typeof smsReasons)[number];
