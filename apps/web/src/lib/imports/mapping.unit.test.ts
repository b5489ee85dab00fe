import { describe, expect, it } from 'vitest';
import {
  choicesFromForm,
  chooseField,
  columnChoices,
  duplicateColumns,
  mappingOf,
  rowError,
  tallyBecomes,
} from './mapping';

describe('the import wizard mapping', () => {
  it('shows the API mapping as one field per column, unmapped columns empty', () => {
    expect(columnChoices(4, { customerName: 0, vin: 2, mobile: 9 })).toEqual([
      'customerName',
      null,
      'vin',
      null,
    ]);
  });

  it('moves a field to the column chosen by hand, leaving its old column out', () => {
    expect(chooseField(['customerName', null, 'vin'], 1, 'customerName')).toEqual([
      null,
      'customerName',
      'vin',
    ]);
    expect(chooseField(['customerName', null, 'vin'], 2, null)).toEqual(['customerName', null, null]);
  });

  it('names every field when sending the mapping, so nothing falls back to the automatic choice', () => {
    const mapping = mappingOf(['customerName', null, 'vin']);
    expect(mapping.customerName).toBe(0);
    expect(mapping.vin).toBe(2);
    expect(mapping.mobile).toBeNull();
    expect(Object.keys(mapping)).toHaveLength(27);
  });

  it('reads the choices from the submitted form, ignoring what is not a field', () => {
    const form = new FormData();
    form.set('column.0', 'customerName');
    form.set('column.1', 'nonsense');
    form.set('column.2', 'vin');
    expect(choicesFromForm(form, 3)).toEqual(['customerName', null, 'vin']);
  });

  it('gives a field named by two columns to the column changed last', () => {
    const form = new FormData();
    form.set('column.0', 'customerName');
    form.set('column.1', 'customerName');
    form.set('changed', '0');
    expect(choicesFromForm(form, 2)).toEqual(['customerName', null]);
    form.set('changed', '1');
    expect(choicesFromForm(form, 2)).toEqual([null, 'customerName']);
    expect(duplicateColumns(['customerName', 'customerName', 'vin'])).toEqual(new Set([0, 1]));
  });

  it.each([
    ['联系电话: is not a mobile number', { column: '联系电话', reason: 'is not a mobile number' }],
    ['车架号/VIN: I, O and Q are not used', { column: '车架号/VIN', reason: 'I, O and Q are not used' }],
    ['the row is empty', { column: null, reason: 'the row is empty' }],
  ])('splits the row error %s into column and reason', (error, expected) => {
    expect(rowError(error)).toEqual(expected);
  });

  it('counts what the preview rows become', () => {
    expect(
      tallyBecomes([{ becomes: ['delivery'] }, { becomes: ['file'] }, { becomes: ['delivery'] }]),
    ).toEqual({
      delivery: 2,
      repairOrder: 0,
      file: 1,
    });
  });
});
