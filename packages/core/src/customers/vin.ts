import { halfWidth } from './normalize.ts';

/** Letters a VIN never contains (they read as 1 and 0): I, O, Q. */
const vinPattern = /^[A-HJ-NPR-Z0-9]{17}$/;

const letterValues: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/**
 * Regions whose makers must put a check digit in position 9: North America (ISO 3779 as
 * applied by 49 CFR 565) and China (GB 16735). Elsewhere position 9 is often a plain
 * character, so a mismatch there says nothing.
 */
const checkDigitRegions = /^[1-5L]/;

export type VinCheck =
  | { ok: true; vin: string; checkDigit: 'valid' | 'invalid' | 'notUsed' }
  | { ok: false; message: string };

/** The check digit position 9 should hold: weighted sum of the transliterated characters, mod 11 (10 is X). */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const c = vin.charAt(i);
    const value = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : (letterValues[c] ?? 0);
    sum += value * (weights[i] ?? 0);
  }
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

/**
 * A VIN is 17 characters of A–Z and 0–9 without I, O and Q; anything else is refused.
 * A wrong check digit is flagged (`invalid`), never refused: DMS data has typos we still
 * want on file, and the specialist sees the flag. Where the region does not use a check
 * digit and it does not match, the result is `notUsed`.
 *
 * @example
 * checkVin('1m8gdm9axkp042788'); // { ok: true, vin: '1M8GDM9AXKP042788', checkDigit: 'valid' }
 */
export function checkVin(input: string): VinCheck {
  const vin = halfWidth(input).replace(/[\s-]/g, '').toUpperCase();
  if (vin.length !== 17) return { ok: false, message: `must be 17 characters (got ${vin.length})` };
  if (/[IOQ]/.test(vin)) return { ok: false, message: 'must not contain I, O or Q' };
  if (!vinPattern.test(vin)) return { ok: false, message: 'may contain only letters A–Z and digits' };
  if (vin.charAt(8) === vinCheckDigit(vin)) return { ok: true, vin, checkDigit: 'valid' };
  return { ok: true, vin, checkDigit: checkDigitRegions.test(vin) ? 'invalid' : 'notUsed' };
}
