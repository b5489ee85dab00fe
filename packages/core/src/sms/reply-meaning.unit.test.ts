import { describe, expect, it } from 'vitest';
import { replyMeaning } from './reply-meaning.ts';

describe('replyMeaning', () => {
  it.each([
    ['10', { meaning: 'score', score: 10 }],
    ['9分', { meaning: 'score', score: 9 }],
    ['８分', { meaning: 'score', score: 8 }],
    [' 7 分。', { meaning: 'score', score: 7 }],
    ['0', { meaning: 'score', score: 0 }],
    ['十分', { meaning: 'score', score: 10 }],
    ['九分', { meaning: 'score', score: 9 }],
    ['八', { meaning: 'score', score: 8 }],
    ['满意', { meaning: 'score', score: 9 }],
    ['满意！', { meaning: 'score', score: 9 }],
    ['十分满意', { meaning: 'score', score: 10 }],
    ['非常满意', { meaning: 'score', score: 10 }],
    ['很满意~', { meaning: 'score', score: 10 }],
    ['比较满意', { meaning: 'score', score: 7 }],
    ['还行', { meaning: 'score', score: 7 }],
    ['一般', { meaning: 'score', score: 6 }],
    ['不满意', { meaning: 'score', score: 3 }],
    ['很不满意', { meaning: 'score', score: 1 }],
    ['非常不满意!', { meaning: 'score', score: 1 }],
    ['TD', { meaning: 'optOut' }],
    ['td', { meaning: 'optOut' }],
    ['ＴＤ', { meaning: 'optOut' }],
    ['退订', { meaning: 'optOut' }],
    ['拒收', { meaning: 'optOut' }],
  ] as const)('reads %j as %j', (text, expected) => {
    expect(replyMeaning(text)).toEqual(expected);
  });

  it.each([
    '8或9',
    '100',
    '11分',
    '服务还可以，就是等太久了',
    '打几分？',
    '你们的保养太贵了 5',
    '谁啊',
    '',
    '好',
    '收到',
    '9.5',
    '满意吧不知道',
  ])('flags %j as unclear rather than guessing', (text) => {
    expect(replyMeaning(text)).toEqual({ meaning: 'unclear' });
  });
});
