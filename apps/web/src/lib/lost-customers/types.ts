// The web's names for the lost-customer API's answers (generated from its OpenAPI document),
// and the lists the contact form offers.
import type { LostCustomerContact } from '$lib/api/contract';

export type { LostCustomer, LostCustomerContact } from '$lib/api/contract';

export const contactChannels = [
  'phone',
  'sms',
  'letter',
  'visit',
  'wechat',
] as const satisfies readonly LostCustomerContact['channel'][];
export const contactResults = [
  'reached',
  'notReached',
  'appointmentMade',
  'refused',
  'wrongNumber',
] as const satisfies readonly LostCustomerContact['result'][];
export const lostReasons = [
  'price',
  'distance',
  'serviceQuality',
  'staffAttitude',
  'waitingTime',
  'movedAway',
  'soldVehicle',
  'otherDealer',
  'other',
] as const satisfies readonly NonNullable<LostCustomerContact['lostReason']>[];
export type ContactChannel = (typeof contactChannels)[number];
export type ContactResult = (typeof contactResults)[number];
export type LostReason = (typeof lostReasons)[number];
