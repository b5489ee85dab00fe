import { readFileSync } from 'node:fs';

// The list is data (common-passwords.txt beside this file, its source in its header), read once.
const commonPasswords = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#')),
);

/**
 * Whether a password is on the common-password list, ignoring case: leaked-password lists
 * are the first thing a guesser tries, whatever the length.
 *
 * @example
 * isCommonPassword('Qwertyuiop'); // true
 */
export const isCommonPassword = (password: string): boolean =>
  commonPasswords.has(password.trim().toLowerCase());
