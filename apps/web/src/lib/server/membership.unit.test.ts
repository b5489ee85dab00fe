import { describe, expect, it } from 'vitest';
import { tierClausesOf, tierLabelsOf } from './membership';

describe('tierClausesOf', () => {
  it('keeps only the moveTier rules, with their names and target tiers', () => {
    const body = {
      kind: 'classification',
      rules: [
        { id: 'grade-a', name: 'A类', event: { type: 'setGrade', params: { grade: 'A' } } },
        {
          id: 'tier-gold',
          name: '累计消费3万元以上升金卡',
          event: { type: 'moveTier', params: { tier: 'gold' } },
        },
        { id: 'broken', name: 'no params', event: { type: 'moveTier' } },
      ],
    };
    expect(tierClausesOf(body)).toEqual([
      { ruleId: 'tier-gold', ruleName: '累计消费3万元以上升金卡', tier: 'gold' },
    ]);
  });

  it.each([[null], [{}], [{ rules: 'x' }]])('finds none in %j', (body) => {
    expect(tierClausesOf(body)).toEqual([]);
  });
});

describe('tierLabelsOf', () => {
  it('reads the tiers of a discountTier body in order', () => {
    const body = { tiers: [{ code: 'silver', label: '银卡' }, { code: 'gold', label: '金卡' }, { code: 3 }] };
    expect(tierLabelsOf(body)).toEqual([
      { code: 'silver', label: '银卡' },
      { code: 'gold', label: '金卡' },
    ]);
  });
});
