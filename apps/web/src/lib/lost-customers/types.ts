// The lost-customer API's answers as the web reads them (the API's zod schemas are the source).

export const contactChannels = ['phone', 'sms', 'letter', 'visit', 'wechat'] as const;
export const contactResults = ['reached', 'notReached', 'appointmentMade', 'refused', 'wrongNumber'] as const;
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
] as const;
export type ContactChannel = (typeof contactChannels)[number];
export type ContactResult = (typeof contactResults)[number];
export type LostReason = (typeof lostReasons)[number];

/** A car whose owner has not come for 12 months or more, with its latest contact. */
export interface LostCustomer {
  vehicleId: string;
  customerId: string;
  customerName: string | null;
  phone: string | null;
  plate: string | null;
  model: string | null;
  lastVisitOn: string | null;
  loyaltyCategory: string | null;
  abcGrade: string | null;
  contacts: number;
  lastContact: {
    contactedAt: string;
    channel: ContactChannel;
    result: ContactResult;
    wonBack: boolean;
  } | null;
  wonBack: boolean;
}

/** One row of the contact log (流失客户联络表). */
export interface LostCustomerContact {
  id: string;
  vehicleId: string;
  customerId: string;
  contactedAt: string;
  contactedBy: { id: string; name: string };
  channel: ContactChannel;
  result: ContactResult;
  lostReason: LostReason | null;
  customerView: string;
  wonBack: boolean;
}
