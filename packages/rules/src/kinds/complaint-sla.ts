import { z } from 'zod';
import { addMinutesToInstant } from '../calendar.ts';
import { defineRuleKind } from '../define-kind.ts';
import { type DecidedBy, decidedBy } from '../firing.ts';
import { isoInstantSchema } from '../vocabulary.ts';

export const complaintCategorySchema = z.enum([
  'productQuality',
  'repairQuality',
  'staffAttitude',
  'staffError',
  'price',
  'waitingTime',
  'other',
]);
const escalationStep = z.enum(['departmentManager', 'generalManager']);
const department = z.enum(['sales', 'service', 'parts', 'finance', 'customerRelations']);

const facts = z.object({
  complaint: z.object({
    category: complaintCategorySchema,
    severity: z.enum(['ordinary', 'urgent']),
    channel: z.enum(['callback', 'walkIn', 'phone', 'letter', 'email']).optional(),
    /** A repeat complaint (再次) rather than a first one (首次). */
    repeat: z.boolean().optional(),
    /** Which side of the business the complaint is about. */
    relatedTo: z.enum(['sales', 'afterSales']).optional(),
    /** When the complaint was recorded; every clock runs from here. */
    openedAt: isoInstantSchema,
  }),
  customer: z.object({ vip: z.boolean().optional() }).optional(),
});

const events = {
  setClocks: z
    .object({
      /** Report and dispatch to the responsible department within (domain: 30 min). */
      dispatchWithinMinutes: z.number().int().min(1).max(10_080),
      /** Solution plan to the customer within (domain: 24 h). */
      solutionPlanWithinHours: z.number().int().min(1).max(720),
      /** The department answers within (domain: 48 h). */
      departmentAnswerWithinHours: z.number().int().min(1).max(720),
      /** Who is notified, in order, when a clock runs out. */
      escalation: z.array(escalationStep).min(1).max(4),
    })
    .strict(),
  assignDepartment: z.object({ department }).strict(),
};

export interface ComplaintClocks {
  dispatchBy: string;
  solutionPlanBy: string;
  departmentAnswerBy: string;
  dispatchWithinMinutes: number;
  solutionPlanWithinHours: number;
  departmentAnswerWithinHours: number;
  escalation: z.infer<typeof escalationStep>[];
  decidedBy: DecidedBy;
}

export interface ComplaintSlaDecision {
  clocks: ComplaintClocks | null;
  department: { department: z.infer<typeof department>; decidedBy: DecidedBy } | null;
}

/** Clocks and escalation per complaint category and severity, and the default responsible department. */
export const complaintSlaKind = defineRuleKind({
  name: 'complaintSla',
  title: '投诉处理时限',
  description:
    'Clocks and escalation per complaint category and severity; the default responsible department.',
  facts,
  events,
  settings: {},
  decide({ firings, facts }): ComplaintSlaDecision {
    // Single-valued decisions: the first firing (highest priority, then written order) wins.
    const clockFiring = firings.find((firing) => firing.type === 'setClocks');
    const departmentFiring = firings.find((firing) => firing.type === 'assignDepartment');
    const openedAt = facts.complaint.openedAt;
    return {
      clocks:
        clockFiring?.type === 'setClocks'
          ? {
              dispatchBy: addMinutesToInstant(openedAt, clockFiring.params.dispatchWithinMinutes),
              solutionPlanBy: addMinutesToInstant(openedAt, clockFiring.params.solutionPlanWithinHours * 60),
              departmentAnswerBy: addMinutesToInstant(
                openedAt,
                clockFiring.params.departmentAnswerWithinHours * 60,
              ),
              dispatchWithinMinutes: clockFiring.params.dispatchWithinMinutes,
              solutionPlanWithinHours: clockFiring.params.solutionPlanWithinHours,
              departmentAnswerWithinHours: clockFiring.params.departmentAnswerWithinHours,
              escalation: [...clockFiring.params.escalation],
              decidedBy: decidedBy(clockFiring),
            }
          : null,
      department:
        departmentFiring?.type === 'assignDepartment'
          ? { department: departmentFiring.params.department, decidedBy: decidedBy(departmentFiring) }
          : null,
    };
  },
  defaults: {
    kind: 'complaintSla',
    rules: [
      {
        id: 'standard-complaint-clocks',
        name: '投诉30分钟内派发,24小时内给出解决方案,48小时内部门答复;超时依次上报部门经理、总经理',
        priority: 1,
        conditions: {
          all: [{ fact: 'complaint', path: '$.severity', operator: 'in', value: ['ordinary', 'urgent'] }],
        },
        event: {
          type: 'setClocks',
          params: {
            dispatchWithinMinutes: 30,
            solutionPlanWithinHours: 24,
            departmentAnswerWithinHours: 48,
            escalation: ['departmentManager', 'generalManager'],
          },
        },
      },
      {
        id: 'sales-complaints-to-sales',
        name: '销售相关投诉派发销售部',
        priority: 10,
        conditions: { all: [{ fact: 'complaint', path: '$.relatedTo', operator: 'equal', value: 'sales' }] },
        event: { type: 'assignDepartment', params: { department: 'sales' } },
      },
      {
        id: 'after-sales-complaints-to-service',
        name: '售后相关投诉派发服务部',
        priority: 10,
        conditions: {
          all: [{ fact: 'complaint', path: '$.relatedTo', operator: 'equal', value: 'afterSales' }],
        },
        event: { type: 'assignDepartment', params: { department: 'service' } },
      },
    ],
  },
});
