import { describe, expect, it } from 'vitest';
import { ageOn, birthDateOf, cardEligibility, validUntilFrom } from './eligibility.ts';

const allDocuments = { idCard: true, vehicleLicence: true, drivingLicence: true };

describe('card eligibility (入会资格)', () => {
  it.each([
    ['2006-05-01', '2024-05-01', []],
    ['2006-05-02', '2024-05-01', ['ownerUnder18']],
    ['1980-01-01', '2024-05-01', []],
  ])('an owner born %s applying on %s → %j', (birthday, today, reasons) => {
    expect(cardEligibility({ owner: { birthday, idNumber: null }, documents: allDocuments, today })).toEqual(
      reasons,
    );
  });

  it('reads the birth date from an 18-digit resident ID when the file has no birthday', () => {
    expect(birthDateOf({ birthday: null, idNumber: '34150020070315123X' })).toBe('2007-03-15');
    expect(
      cardEligibility({
        owner: { birthday: null, idNumber: '34150020070315123X' },
        documents: allDocuments,
        today: '2025-03-14',
      }),
    ).toEqual(['ownerUnder18']);
    expect(
      cardEligibility({
        owner: { birthday: null, idNumber: '34150020070315123X' },
        documents: allDocuments,
        today: '2025-03-15',
      }),
    ).toEqual([]);
  });

  it('names every reason at once: unknown age and missing documents', () => {
    expect(
      cardEligibility({
        owner: { birthday: null, idNumber: null },
        documents: { idCard: true, vehicleLicence: false, drivingLicence: true },
        today: '2024-05-01',
      }),
    ).toEqual(['ageUnknown', 'documentsIncomplete']);
    expect(cardEligibility({ owner: null, documents: allDocuments, today: '2024-05-01' })).toEqual([
      'ownerUnknown',
    ]);
  });

  it.each([
    ['2000-02-29', '2018-02-28', 17],
    ['2000-02-29', '2018-03-01', 18],
    ['1990-12-31', '2024-12-30', 33],
  ])('born %s, on %s aged %i', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });
});

describe('three years of validity', () => {
  it.each([
    ['2024-05-01', '2027-04-30'],
    ['2024-01-01', '2026-12-31'],
    ['2024-02-29', '2027-02-27'],
    ['2023-03-01', '2026-02-28'],
  ])('issued %s → valid until %s', (from, until) => {
    expect(validUntilFrom(from)).toBe(until);
  });
});
