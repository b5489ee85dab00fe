import { describe, expect, it } from 'vitest';
import { forbiddenPhrasesIn, phraseWarnings } from './forbidden-phrases.ts';

const seedPhrases = ['一分钱,一分货', '我不大清楚', '改天再通知你', 'Not our business'];

describe('forbidden phrases in a reply to the customer', () => {
  it.each([
    ['您好，这个问题我不大清楚。', ['我不大清楚']],
    ['你要知道，一分钱，一分货！', ['一分钱,一分货']],
    ['一分钱 一分货', ['一分钱,一分货']],
    ['改天再通知你吧，我不大清楚', ['我不大清楚', '改天再通知你']],
    ['Sorry, that is NOT our business.', ['Not our business']],
    ['非常抱歉给您带来不便，我们会在24小时内给您解决方案。', []],
    ['', []],
  ])('%s → %j', (text, expected) => {
    expect(forbiddenPhrasesIn(text, seedPhrases)).toEqual(expected);
  });

  it('ignores an empty phrase in the list', () => {
    expect(forbiddenPhrasesIn('任何话', ['', ' ，'])).toEqual([]);
  });

  it('names each field that needs rephrasing', () => {
    expect(phraseWarnings({ reply: '我不大清楚', reason: '客户误解', plan: null }, seedPhrases)).toEqual([
      { field: 'reply', phrases: ['我不大清楚'] },
    ]);
  });
});
