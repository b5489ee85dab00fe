import { describe, expect, it } from 'vitest';
import { uploadLimitBytes } from './upload-limit';

describe('the upload limit the wizard checks before sending a file', () => {
  it.each([
    [undefined, 524_288],
    ['', 524_288],
    ['512K', 524_288],
    ['20M', 20_971_520],
    ['1g', 1_073_741_824],
    ['1000000', 1_000_000],
    ['Infinity', null],
    ['lots', null],
  ])('reads BODY_SIZE_LIMIT=%s as %s bytes', (value, bytes) => {
    expect(uploadLimitBytes(value)).toBe(bytes);
  });
});
