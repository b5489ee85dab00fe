import { halfWidth } from './normalize.ts';

const provinces = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领';
// Province, issuing-office letter, then 5 characters (6 for new-energy plates); the last may be
// 学/警/港/澳/挂/领 on special plates.
const platePattern = new RegExp(`^[${provinces}][A-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9学警港澳挂领]$`);

export type PlateCheck = { ok: true; plate: string } | { ok: false; message: string };

/**
 * A mainland licence plate, normalised: half-width, upper case, no spaces or the "·" the
 * plate prints after the office letter.
 *
 * @example
 * checkPlate('皖a·12345'); // { ok: true, plate: '皖A12345' }
 */
export function checkPlate(input: string): PlateCheck {
  const plate = halfWidth(input)
    .replace(/[\s·.-]/g, '')
    .toUpperCase();
  if (!platePattern.test(plate)) return { ok: false, message: 'is not a mainland plate such as 皖A12345' };
  return { ok: true, plate };
}
