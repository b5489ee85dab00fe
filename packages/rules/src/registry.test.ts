import { describe, expect, it } from 'vitest';
import { operatorsFor } from './operators/catalogue.ts';
import { listRuleKinds } from './registry.ts';
import { generatedOperators } from './testing/arbitraries.ts';
import { probeKind } from './testing/probe-kind.ts';

describe('the rule-kind registry', () => {
  it('lists the eight kinds with JSON Schemas an editor can use', () => {
    const kinds = listRuleKinds();
    expect(kinds.map((kind) => [kind.name, kind.title])).toEqual([
      ['callbackWindow', '回访窗口'],
      ['complaintSla', '投诉处理时限'],
      ['discountTier', '会员折扣'],
      ['points', '会员积分'],
      ['smsReminder', '短信提醒'],
      ['questionnaire', '回访问卷'],
      ['classification', '客户分类'],
      ['quality', '改善讨论会'],
    ]);
    const callbackWindow = JSON.stringify(kinds[0]?.ruleSetJsonSchema);
    expect(callbackWindow).toContain('"smsFallbackAfterAttempts"');
    expect(callbackWindow).toContain('"daysSinceBetween"');
    expect(callbackWindow).toContain('"occurredOn"');
    expect(JSON.stringify(kinds[4]?.ruleSetJsonSchema)).toContain('"anniversaryWithinDays"');
  });

  it('has every operator covered by the differential test generator', () => {
    expect([...generatedOperators].sort()).toEqual([...operatorsFor(probeKind.operators).keys()].sort());
  });
});
