import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../compile.ts';
import { callbackWindowKind } from './callback-window.ts';

const compiled = compileRuleSet({ kind: 'callbackWindow', ruleSet: callbackWindowKind.defaults, version: 1 });

describe('callbackWindow defaults', () => {
  it('opens a sales callback 7 to 10 days after delivery, SMS survey after 4 failed attempts', () => {
    const decision = compiled.decide(
      { eventType: 'delivery', occurredOn: '2024-05-01' },
      '2024-05-01T15:00:00+08:00',
    );
    expect(decision).toEqual({
      callbacks: [
        {
          callback: 'sales',
          fromDay: 7,
          toDay: 10,
          opensOn: '2024-05-08',
          closesOn: '2024-05-11',
          smsFallbackAfterAttempts: 4,
          queue: 'normal',
          decidedBy: { ruleId: 'sales-callback', ruleName: '交车后第7–10天销售回访', ruleSetVersion: 1 },
        },
      ],
      suppressed: null,
    });
  });

  it('opens an after-sales callback 3 to 7 days after the repair order closes', () => {
    const decision = compiled.decide(
      { eventType: 'repairOrder', occurredOn: '2024-02-27', orderTypes: ['maintenance'], payer: 'self' },
      '2024-02-27',
    );
    expect(decision.callbacks).toHaveLength(1);
    expect(decision.callbacks[0]).toMatchObject({
      callback: 'afterSales',
      fromDay: 3,
      toDay: 7,
      opensOn: '2024-03-01',
      closesOn: '2024-03-05',
      smsFallbackAfterAttempts: 4,
    });
    expect(decision.callbacks[0]?.decidedBy.ruleId).toBe('after-sales-callback');
  });

  it('opens no callback for a customer who refuses calls, and says which rule decided', () => {
    const decision = compiled.decide(
      { eventType: 'delivery', occurredOn: '2024-05-01', customer: { refusesCalls: true } },
      '2024-05-01',
    );
    expect(decision.callbacks).toEqual([]);
    expect(decision.suppressed).toEqual({
      reason: 'customerRefusesCalls',
      decidedBy: {
        ruleId: 'skip-customers-who-refuse-calls',
        ruleName: '客户拒绝回访的,不安排回访',
        ruleSetVersion: 1,
      },
    });
  });

  it('skips accident repairs the insurer pays, since the insurer calls', () => {
    const decision = compiled.decide(
      {
        eventType: 'repairOrder',
        occurredOn: '2024-05-01',
        orderTypes: ['insuranceRepair', 'bodyPaint'],
        payer: 'insurance',
      },
      '2024-05-01',
    );
    expect(decision.suppressed?.reason).toBe('insurerCalls');
  });

  it('still calls after a self-paid body-and-paint job', () => {
    const decision = compiled.decide(
      { eventType: 'repairOrder', occurredOn: '2024-05-01', orderTypes: ['bodyPaint'], payer: 'self' },
      '2024-05-01',
    );
    expect(decision.suppressed).toBeNull();
    expect(decision.callbacks.map((c) => c.callback)).toEqual(['afterSales']);
  });

  it('lets a store call new-car buyers on days 3 and 7, with its own SMS threshold', () => {
    const store = {
      ...callbackWindowKind.defaults,
      smsFallbackAfterAttempts: 3,
      rules: [
        {
          id: 'new-car-day-3',
          name: '新车3日回访',
          conditions: { all: [{ fact: 'eventType', operator: 'equal', value: 'delivery' }] },
          event: { type: 'openCallback', params: { callback: 'sales', fromDay: 3, toDay: 3 } },
        },
        {
          id: 'new-car-day-7',
          name: '新车7日回访',
          conditions: { all: [{ fact: 'eventType', operator: 'equal', value: 'delivery' }] },
          event: {
            type: 'openCallback',
            params: { callback: 'sales', fromDay: 7, toDay: 7, attemptsBeforeSms: 5 },
          },
        },
      ],
    };
    const decision = compileRuleSet({ kind: 'callbackWindow', ruleSet: store, version: 2 }).decide(
      { eventType: 'delivery', occurredOn: '2024-12-30' },
      '2024-12-30',
    );
    expect(decision.callbacks.map((c) => [c.opensOn, c.closesOn, c.smsFallbackAfterAttempts])).toEqual([
      ['2025-01-02', '2025-01-02', 3],
      ['2025-01-06', '2025-01-06', 5],
    ]);
  });
});
