import { describe, expect, it } from 'vitest';
import { fileRefusalOf } from './file-refusal';

describe('the refusal of an import file', () => {
  it.each([
    [
      { path: 'file', message: 'the shared strings unpack to 1024.0 MiB', reason: 'sharedStringsTooLarge' },
      'sharedStringsTooLarge',
    ],
    [{ path: 'file', message: 'a binary file', reason: 'binaryCsv' }, 'binaryCsv'],
    [{ path: 'file', message: 'required' }, null],
    [{ path: 'file', message: 'new', reason: 'somethingNewer' }, null],
    [{ path: 'mapping.vin', message: 'required', reason: 'binaryCsv' }, null],
  ])('reads %o as %s', (detail, expected) => {
    expect(fileRefusalOf({ code: 'INVALID_INPUT', message: 'x', details: [detail] })).toBe(expected);
  });

  it('is null without an error', () => {
    expect(fileRefusalOf(null)).toBeNull();
  });
});
