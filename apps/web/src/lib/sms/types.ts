// The SMS API's answers as the web reads them (the API's zod schemas are the source).

export type SmsStatus = 'queued' | 'sent' | 'delivered' | 'failed' | 'suppressed';
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

export interface SmsReply {
  text: string;
  receivedAt: string;
  meaning: 'score' | 'optOut' | 'unclear' | 'other';
  score: number | null;
  /** An opt-out word anywhere in the reply, beside its score or not. */
  optedOut: boolean;
  flagged: boolean;
}

/** One row of the send log (短信发送记录表); the number is masked. */
export interface SmsMessage {
  id: string;
  customerId: string | null;
  customerName: string | null;
  phone: string;
  reason: string;
  category: 'transactional' | 'reminder' | 'marketing';
  body: string;
  segments: number;
  status: SmsStatus;
  statusReason: string | null;
  attempts: number;
  notBefore: string | null;
  queuedAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
  replies: SmsReply[];
}

export interface SmsPreview {
  body: string;
  characters: number;
  segments: number;
  forbiddenPhrases: string[];
}
