import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../compile.ts';
import { complaintSlaKind } from './complaint-sla.ts';

const compiled = compileRuleSet({ kind: 'complaintSla', ruleSet: complaintSlaKind.defaults, version: 4 });

describe('complaintSla defaults', () => {
  it('dispatches within 30 minutes, plans within 24 hours, answers within 48 hours, then escalates to the department manager and the general manager', () => {
    const decision = compiled.decide(
      {
        complaint: {
          category: 'repairQuality',
          severity: 'ordinary',
          relatedTo: 'afterSales',
          openedAt: '2024-05-01T09:40:00+08:00',
        },
      },
      '2024-05-01T09:40:00+08:00',
    );
    expect(decision.clocks).toEqual({
      dispatchBy: '2024-05-01T02:10:00.000Z',
      solutionPlanBy: '2024-05-02T01:40:00.000Z',
      departmentAnswerBy: '2024-05-03T01:40:00.000Z',
      dispatchWithinMinutes: 30,
      solutionPlanWithinHours: 24,
      departmentAnswerWithinHours: 48,
      escalation: ['departmentManager', 'generalManager'],
      decidedBy: {
        ruleId: 'standard-complaint-clocks',
        ruleName: '投诉30分钟内派发,24小时内给出解决方案,48小时内部门答复;超时依次上报部门经理、总经理',
        ruleSetVersion: 4,
      },
    });
    expect(decision.department?.department).toBe('service');
  });

  it('sends a sales complaint to the sales department with the same clocks when urgent', () => {
    const decision = compiled.decide(
      {
        complaint: {
          category: 'staffAttitude',
          severity: 'urgent',
          relatedTo: 'sales',
          openedAt: '2024-05-01T23:50:00Z',
        },
      },
      '2024-05-01T23:50:00Z',
    );
    expect(decision.clocks?.dispatchBy).toBe('2024-05-02T00:20:00.000Z');
    expect(decision.department).toEqual({
      department: 'sales',
      decidedBy: {
        ruleId: 'sales-complaints-to-sales',
        ruleName: '销售相关投诉派发销售部',
        ruleSetVersion: 4,
      },
    });
  });

  it('lets a more specific rule with a higher priority shorten the clocks for urgent complaints', () => {
    const store = {
      ...complaintSlaKind.defaults,
      rules: [
        ...complaintSlaKind.defaults.rules,
        {
          id: 'urgent-clocks',
          name: '紧急投诉10分钟派发',
          priority: 50,
          conditions: {
            all: [{ fact: 'complaint', path: '$.severity', operator: 'equal', value: 'urgent' }],
          },
          event: {
            type: 'setClocks',
            params: {
              dispatchWithinMinutes: 10,
              solutionPlanWithinHours: 12,
              departmentAnswerWithinHours: 24,
              escalation: ['generalManager'],
            },
          },
        },
      ],
    };
    const decision = compileRuleSet({ kind: 'complaintSla', ruleSet: store, version: 5 }).decide(
      { complaint: { category: 'price', severity: 'urgent', openedAt: '2024-05-01T00:00:00Z' } },
      '2024-05-01T00:00:00Z',
    );
    expect(decision.clocks).toMatchObject({
      dispatchBy: '2024-05-01T00:10:00.000Z',
      escalation: ['generalManager'],
    });
    expect(decision.department).toBeNull();
  });
});
