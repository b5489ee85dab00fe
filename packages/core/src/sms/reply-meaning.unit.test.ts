import { describe, expect, it } from 'vitest';
import { replyMeaning } from './reply-meaning.ts';

const score = (n: number) => ({ optOut: false, score: n, unclear: false });
const optOut = { optOut: true, score: null, unclear: false };
const unclear = { optOut: false, score: null, unclear: true };

describe('replyMeaning', () => {
  it.each([
    ['10', score(10)],
    ['9分', score(9)],
    ['８分', score(8)],
    [' 7 分。', score(7)],
    ['0', score(0)],
    ['满分', score(10)],
    ['满分！', score(10)],
    ['十分', score(10)],
    ['九分', score(9)],
    ['八', score(8)],
    ['给个8分吧', score(8)],
    ['10分，服务很好', score(10)],
    ['6分 等太久了', score(6)],
    ['九分吧', score(9)],
    ['服务不错，满分', score(10)],
    ['满意', score(9)],
    ['满意！', score(9)],
    ['非常满意', score(10)],
    ['很满意~', score(10)],
    ['比较满意', score(7)],
    ['还行', score(7)],
    ['一般', score(6)],
    ['不满意', score(3)],
    ['很不满意', score(1)],
    ['非常不满意!', score(1)],
  ] as const)('reads %j as a score', (text, expected) => {
    expect(replyMeaning(text)).toEqual(expected);
  });

  it('reads 十分满意 as "very satisfied", the top of the survey\'s scale (10分为非常满意), and 十分不满意 as 1, not the number 十分', () => {
    expect(replyMeaning('十分满意')).toEqual(score(10));
    expect(replyMeaning('十分不满意')).toEqual(score(1));
    expect(replyMeaning('不是十分满意')).toEqual(unclear);
    expect(replyMeaning('十分感谢')).toEqual(unclear);
  });

  it.each([
    ['TD', optOut],
    ['td', optOut],
    ['ＴＤ', optOut],
    ['T', optOut],
    ['退订', optOut],
    ['取消', optOut],
    ['拒收', optOut],
    ['退订，谢谢', optOut],
    ['请不要再发了', optOut],
  ] as const)('reads %j as an opt-out', (text, expected) => {
    expect(replyMeaning(text)).toEqual(expected);
  });

  it.each([
    ['10分 退订', { optOut: true, score: 10, unclear: false }],
    ['8分，TD', { optOut: true, score: 8, unclear: false }],
    ['取消 满意', { optOut: true, score: 9, unclear: false }],
    ['8分或9分 退订', { optOut: true, score: null, unclear: true }],
  ] as const)('honours the opt-out in %j and still reads its score', (text, expected) => {
    expect(replyMeaning(text)).toEqual(expected);
  });

  it.each([
    '8分或9分',
    '8或9',
    '1到10分',
    '八分或九分',
    '10分，等了40分钟',
    '100',
    '11分',
    '100分',
    '二十分',
    '服务还可以，就是等太久了',
    '打几分？',
    '10分吗？',
    '你们的保养太贵了 5',
    '等了40分钟',
    '明天8点30分到店',
    'ATDX',
    '谁啊',
    '',
    '好',
    '收到',
    '9.5',
    '9.5分',
    '满意吧不知道',
  ])('flags %j for a person rather than guessing', (text) => {
    expect(replyMeaning(text)).toEqual(unclear);
  });
});
