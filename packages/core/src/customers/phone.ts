import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { halfWidth } from './normalize.ts';

export type PhoneCheck = { ok: true; phone: string } | { ok: false; message: string };

function parse(input: string) {
  return parsePhoneNumberFromString(halfWidth(input).trim(), 'CN');
}

/**
 * A customer's mobile: mainland numbers are kept as their 11 national digits (what staff
 * dial and search by tail), others in E.164. A landline or an invalid number is refused.
 *
 * @example
 * checkMobile('+86 138-1234-5678'); // { ok: true, phone: '13812345678' }
 */
export function checkMobile(input: string): PhoneCheck {
  const parsed = parse(input);
  if (!parsed?.isValid()) return { ok: false, message: 'is not a valid phone number' };
  const type = parsed.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE')
    return { ok: false, message: 'is not a mobile number' };
  return { ok: true, phone: parsed.country === 'CN' ? String(parsed.nationalNumber) : parsed.number };
}

/** A landline: any valid number, kept as written nationally (0551-12345678) for mainland numbers. */
export function checkLandline(input: string): PhoneCheck {
  const parsed = parse(input);
  if (!parsed?.isValid()) return { ok: false, message: 'is not a valid phone number' };
  return { ok: true, phone: parsed.country === 'CN' ? parsed.formatNational() : parsed.number };
}
