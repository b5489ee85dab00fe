import { describe, expect, it, test } from 'vitest';
import { maskAddress, maskIdNumber, maskPhone } from './masking.ts';
import { halfWidth } from './normalize.ts';
import { checkLandline, checkMobile } from './phone.ts';
import { checkPlate } from './plate.ts';
import { checkVin, vinCheckDigit } from './vin.ts';

describe('VIN', () => {
  it('accepts a VIN whose check digit matches, in any case and with spaces', () => {
    expect(checkVin(' 1m8gdm9axkp042788 ')).toEqual({
      ok: true,
      vin: '1M8GDM9AXKP042788',
      checkDigit: 'valid',
    });
    expect(vinCheckDigit('1M8GDM9AXKP042788')).toBe('X');
  });

  it('flags, but keeps, a North American or Chinese VIN with a wrong check digit', () => {
    expect(checkVin('1M8GDM9A1KP042788')).toEqual({
      ok: true,
      vin: '1M8GDM9A1KP042788',
      checkDigit: 'invalid',
    });
    expect(checkVin('LSVAU2180N2183294')).toMatchObject({ ok: true, checkDigit: 'invalid' });
  });

  it('does not judge position 9 where the region uses no check digit', () => {
    expect(checkVin('WVWZZZ1JZXW000001')).toMatchObject({ ok: true, checkDigit: 'notUsed' });
  });

  test.each([
    ['1M8GDM9AXKP04278', 'must be 17 characters (got 16)'],
    ['1M8GDM9AXKP0427888', 'must be 17 characters (got 18)'],
    ['1M8GDM9AXKP04278O', 'must not contain I, O or Q'],
    ['IM8GDM9AXKP042788', 'must not contain I, O or Q'],
    ['1M8GDM9AXKP04278#', 'may contain only letters A–Z and digits'],
  ])('refuses %s: %s', (vin, message) => {
    expect(checkVin(vin)).toEqual({ ok: false, message });
  });

  it('reads full-width characters', () => {
    expect(checkVin('１Ｍ８ＧＤＭ９ＡＸＫＰ０４２７８８')).toMatchObject({
      ok: true,
      vin: '1M8GDM9AXKP042788',
    });
  });
});

describe('mobile numbers', () => {
  test.each([
    ['13812345678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['19912345678', '19912345678'],
  ])('keeps %s as %s', (input, phone) => {
    expect(checkMobile(input)).toEqual({ ok: true, phone });
  });

  test.each([
    ['12345', 'is not a valid phone number'],
    ['010-12345678', 'is not a mobile number'],
    ['1381234567', 'is not a valid phone number'],
  ])('refuses %s', (input, message) => {
    expect(checkMobile(input)).toEqual({ ok: false, message });
  });

  it('keeps a landline in its national form', () => {
    expect(checkLandline('0551 6281 2345')).toEqual({ ok: true, phone: '0551 6281 2345' });
  });
});

describe('plates', () => {
  test.each([
    ['皖a·12345', '皖A12345'],
    ['京ＡＤ１２３４５', '京AD12345'],
    ['粤B 1234学', '粤B1234学'],
  ])('normalises %s to %s', (input, plate) => {
    expect(checkPlate(input)).toEqual({ ok: true, plate });
  });

  test.each(['A12345', '皖A1234', '皖AI2345', 'XYZ'])('refuses %s', (input) => {
    expect(checkPlate(input).ok).toBe(false);
  });
});

describe('masking', () => {
  test.each([
    [maskPhone('13812345678'), '138****5678'],
    [maskPhone('0551 6281 2345'), '055****2345'],
    [maskIdNumber('340102199001011234'), '340***********1234'],
    [maskAddress('安徽省六安市金安区梅山路88号'), '安徽省六安市****'],
    [maskAddress('金安区'), '****'],
    [maskPhone(null), null],
  ])('%s is shown as %s', (masked, expected) => {
    expect(masked).toBe(expected);
  });
});

it('folds full-width letters, digits and the ideographic space', () => {
  expect(halfWidth('ＡＢ１２\u3000（车）')).toBe('AB12 (车)');
});
