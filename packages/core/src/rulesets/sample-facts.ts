import type { RuleKindName } from '@crm/rules';

export interface SampleFacts {
  label: string;
  facts: Record<string, unknown>;
  now: string;
}

/**
 * Worked examples per kind for the simulation panel: what a store's events and scan rows
 * look like, so an admin can see a draft decide before typing facts of their own.
 */
export const sampleFacts: Record<RuleKindName, SampleFacts[]> = {
  callbackWindow: [
    {
      label: '新车交车',
      facts: { eventType: 'delivery', occurredOn: '2024-05-01', vehicle: { series: '凯美瑞' } },
      now: '2024-05-01T15:00:00+08:00',
    },
    {
      label: '保养工单结算',
      facts: {
        eventType: 'repairOrder',
        occurredOn: '2024-05-01',
        orderTypes: ['maintenance'],
        payer: 'self',
      },
      now: '2024-05-01T17:30:00+08:00',
    },
    {
      label: '保险理赔事故维修',
      facts: {
        eventType: 'repairOrder',
        occurredOn: '2024-05-01',
        orderTypes: ['insuranceRepair'],
        payer: 'insurance',
      },
      now: '2024-05-01T17:30:00+08:00',
    },
    {
      label: '拒绝回访的客户交车',
      facts: { eventType: 'delivery', occurredOn: '2024-05-01', customer: { refusesCalls: true } },
      now: '2024-05-01T15:00:00+08:00',
    },
  ],
  complaintSla: [
    {
      label: '维修质量投诉(一般)',
      facts: {
        complaint: {
          category: 'repairQuality',
          severity: 'ordinary',
          relatedTo: 'afterSales',
          openedAt: '2024-05-01T09:40:00+08:00',
        },
      },
      now: '2024-05-01T09:40:00+08:00',
    },
    {
      label: '服务态度投诉(紧急)',
      facts: {
        complaint: {
          category: 'staffAttitude',
          severity: 'urgent',
          relatedTo: 'sales',
          openedAt: '2024-05-01T20:10:00+08:00',
        },
      },
      now: '2024-05-01T20:10:00+08:00',
    },
  ],
  discountTier: [
    {
      label: '银卡会员自费保养',
      facts: {
        member: { tier: 'silver', cardPresented: true, cardValidUntil: '2025-12-31' },
        order: { types: ['maintenance'], payer: 'self', labourFen: 40_000, partsFen: 60_000 },
      },
      now: '2024-05-01',
    },
    {
      label: '会员卡会员未出示会员卡',
      facts: {
        member: { tier: 'member', cardPresented: false },
        order: { types: ['minorRepair'], payer: 'self', labourFen: 20_000, partsFen: 15_000 },
      },
      now: '2024-05-01',
    },
    {
      label: '金钻会员保险维修',
      facts: {
        member: { tier: 'goldDiamond', cardPresented: true },
        order: { types: ['insuranceRepair'], payer: 'insurance', labourFen: 300_000, partsFen: 500_000 },
      },
      now: '2024-05-01',
    },
  ],
  points: [
    {
      label: '自费保养 1,234.56 元',
      facts: {
        eventType: 'repairOrder',
        order: { types: ['maintenance'], payer: 'self', selfPaidFen: 123_456 },
      },
      now: '2024-05-01',
    },
    {
      label: '会员活动(申请300分)',
      facts: { eventType: 'memberActivity', activity: { name: '自驾游', requestedPoints: 300 } },
      now: '2024-05-01',
    },
  ],
  smsReminder: [
    {
      label: '购车满90天未首保',
      facts: { vehicle: { plate: '粤A12345', purchaseDate: '2024-02-01', firstMaintenanceDone: false } },
      now: '2024-05-01',
    },
    {
      label: '客户生日',
      facts: { customer: { birthday: '1985-05-01' } },
      now: '2024-05-01',
    },
    {
      label: '一年未回厂',
      facts: { lastVisitDate: '2023-05-01' },
      now: '2024-04-30',
    },
  ],
  questionnaire: [
    { label: '销售回访', facts: { callbackType: 'sales' }, now: '2024-05-01' },
    {
      label: '售后回访',
      facts: { callbackType: 'afterSales', orderTypes: ['maintenance'] },
      now: '2024-05-01',
    },
  ],
  classification: [
    {
      label: '忠诚客户',
      facts: {
        firstMaintenanceDone: true,
        maintenanceAttendancePercent: 90,
        lastVisitDate: '2024-03-01',
        visits: { last6Months: 2, last12Months: 4, last36Months: 10 },
        spend: { cumulativeFen: 3_000_000, last12MonthsFen: 800_000 },
      },
      now: '2024-05-01',
    },
    {
      label: '流失客户',
      facts: {
        firstMaintenanceDone: true,
        maintenanceAttendancePercent: 20,
        lastVisitDate: '2023-01-10',
        visits: { last6Months: 0, last12Months: 0, last36Months: 2 },
        spend: { cumulativeFen: 200_000, last12MonthsFen: 0 },
      },
      now: '2024-05-01',
    },
  ],
  quality: [
    {
      label: '销售问卷评分题(等待时间)',
      facts: {
        subject: {
          kind: 'questionnaireItem',
          callbackType: 'sales',
          itemId: 'waitingTime',
          itemType: 'score',
        },
      },
      now: '2024-05-31',
    },
    {
      label: '服务顾问完全满意率',
      facts: { subject: { kind: 'serviceAdvisor', callbackType: 'afterSales' } },
      now: '2024-05-31',
    },
  ],
};
