/** Why a car's owner may not join the club (车友俱乐部会员卡管理办法, 入会资格). */
export type IneligibleReason = 'ownerUnknown' | 'ageUnknown' | 'ownerUnder18' | 'documentsIncomplete';

export interface CardEligibilityFacts {
  /** The vehicle's current owner on file; null when the file names none. */
  owner: { birthday: string | null; idNumber: string | null } | null;
  documents: { idCard: boolean; vehicleLicence: boolean; drivingLicence: boolean };
  /** The store-local date of the application. */
  today: string;
}

/** Cards are valid three years from the day they are issued or renewed. */
export const cardValidityYears = 3;

/**
 * The owner's date of birth: the file's birthday, else the one an 18-digit resident ID
 * carries in characters 7–14 (YYYYMMDD).
 */
export function birthDateOf(owner: { birthday: string | null; idNumber: string | null }): string | null {
  if (owner.birthday) return owner.birthday;
  const match = owner.idNumber?.match(/^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/);
  if (!match) return null;
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  return Number.isNaN(Date.parse(date)) ? null : date;
}

/** Whole years from `birth` to `on` (a birthday on 29 February counts from 1 March in other years). */
export function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * 入会资格: the owner is 18 or over and the application's documents (ID card, vehicle
 * licence, driving licence) are complete. Every reason that applies is returned, so staff
 * can fix them all at once.
 */
export function cardEligibility({ owner, documents, today }: CardEligibilityFacts): IneligibleReason[] {
  const reasons: IneligibleReason[] = [];
  if (!owner) reasons.push('ownerUnknown');
  else {
    const birth = birthDateOf(owner);
    if (!birth) reasons.push('ageUnknown');
    else if (ageOn(birth, today) < 18) reasons.push('ownerUnder18');
  }
  if (!documents.idCard || !documents.vehicleLicence || !documents.drivingLicence)
    reasons.push('documentsIncomplete');
  return reasons;
}

/** The day a card issued or renewed on `from` stops being valid (the last valid day). */
export function validUntilFrom(from: string): string {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y + cardValidityYears, m - 1, d));
  // 29 February + 3 years has no twin: the card runs to 28 February.
  if (end.getUTCMonth() !== m - 1) end.setUTCDate(0);
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}
