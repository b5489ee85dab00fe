import { describe, expect, test } from 'vitest';
import { Password } from './schema.ts';

const reasonFor = (password: string) => {
  const parsed = Password.safeParse(password);
  return parsed.success ? null : parsed.error.issues.map((i) => i.message);
};

describe('a password a person chooses', () => {
  test.each([
    ['nine characters', 'Xinbao-24', ['密码至少 10 个字符']],
    ['only spaces, however long', '            ', ['密码不能只有空格']],
    ['only tabs and spaces', ' \t \t \t \t \t ', ['密码不能只有空格']],
    ['a common password', 'qwertyuiop', ['这是常见密码，容易被猜中，请换一个']],
    ['a common password in other case', 'QwertyUIOP', ['这是常见密码，容易被猜中，请换一个']],
    ['a common password from a Chinese leak', 'woaini1314', ['这是常见密码，容易被猜中，请换一个']],
    ['a common digits-only password', '1234567890', ['这是常见密码，容易被猜中，请换一个']],
  ])('is refused when it is %s', (_what, password, reasons) => {
    expect(reasonFor(password)).toEqual(reasons);
  });

  test.each([
    ['the demo group initial password', 'Xinbao-2024'],
    ['the test fixtures password', 'Test-password-1'],
    ['ten characters with a space inside', 'correct ho'],
    ['a long passphrase', '青山绿水 horse battery staple'],
  ])('is accepted when it is %s', (_what, password) => {
    expect(reasonFor(password)).toBeNull();
  });
});
