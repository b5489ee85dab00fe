// The practical ceiling: the default rule sets written by hand as plain TypeScript, making the
// same decisions (the benchmark checks they agree). Rule names and questionnaires are data;
// every condition is code.
import {
  addDaysToDate,
  addMinutesToInstant,
  type CallbackWindowDecision,
  type ClassificationDecision,
  type ComplaintSlaDecision,
  type DecidedBy,
  type DiscountTierDecision,
  type FactsOf,
  type PointsDecision,
  parseInstant,
  percentOfFen,
  pointsForSpend,
  type QualityDecision,
  type QuestionnaireDecision,
  questionnaireKind,
  type ReminderToSend,
  type RuleKindName,
  ruleKinds,
  type SmsReminderDecision,
} from '../src/index.ts';
import type { Sample } from './store-workload.ts';

const day = 86_400_000;
const version = 1;

function by(kind: RuleKindName, ruleId: string): DecidedBy {
  const rule = (ruleKinds[kind].defaults.rules as { id: string; name: string }[]).find(
    (r) => r.id === ruleId,
  );
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return { ruleId, ruleName: rule.name, ruleSetVersion: version };
}

const daysSince = (date: string | undefined, nowMs: number) => Math.floor((nowMs - parseInstant(date)) / day);

function nextAnniversaryIn(date: string | undefined, todayMs: number): number {
  const ms = parseInstant(date);
  if (Number.isNaN(ms)) return Number.NaN;
  const d = new Date(ms);
  for (let year = new Date(todayMs).getUTCFullYear(); ; year += 1) {
    const last = new Date(Date.UTC(year, d.getUTCMonth() + 1, 0)).getUTCDate();
    const at = Date.UTC(year, d.getUTCMonth(), Math.min(d.getUTCDate(), last));
    if (at >= todayMs) return Math.round((at - todayMs) / day);
  }
}

const cw = {
  refuse: by('callbackWindow', 'skip-customers-who-refuse-calls'),
  insurer: by('callbackWindow', 'skip-accident-repairs-insurer-calls'),
  sales: by('callbackWindow', 'sales-callback'),
  afterSales: by('callbackWindow', 'after-sales-callback'),
};

function callbackWindow(f: FactsOf<'callbackWindow'>): CallbackWindowDecision {
  if (f.customer?.refusesCalls === true)
    return { callbacks: [], suppressed: { reason: 'customerRefusesCalls', decidedBy: cw.refuse } };
  if (f.eventType === 'repairOrder' && f.payer === 'insurance' && f.orderTypes?.includes('insuranceRepair')) {
    return { callbacks: [], suppressed: { reason: 'insurerCalls', decidedBy: cw.insurer } };
  }
  const [callback, fromDay, toDay, decidedBy] =
    f.eventType === 'delivery'
      ? (['sales', 7, 10, cw.sales] as const)
      : (['afterSales', 3, 7, cw.afterSales] as const);
  return {
    callbacks: [
      {
        callback,
        fromDay,
        toDay,
        opensOn: addDaysToDate(f.occurredOn, fromDay),
        closesOn: addDaysToDate(f.occurredOn, toDay),
        smsFallbackAfterAttempts: 4,
        queue: 'normal',
        decidedBy,
      },
    ],
    suppressed: null,
  };
}

const sla = {
  clocks: by('complaintSla', 'standard-complaint-clocks'),
  sales: by('complaintSla', 'sales-complaints-to-sales'),
  service: by('complaintSla', 'after-sales-complaints-to-service'),
};

function complaintSla(f: FactsOf<'complaintSla'>): ComplaintSlaDecision {
  const openedAt = f.complaint.openedAt;
  const relatedTo = f.complaint.relatedTo;
  return {
    clocks: {
      dispatchBy: addMinutesToInstant(openedAt, 30),
      solutionPlanBy: addMinutesToInstant(openedAt, 24 * 60),
      departmentAnswerBy: addMinutesToInstant(openedAt, 48 * 60),
      dispatchWithinMinutes: 30,
      solutionPlanWithinHours: 24,
      departmentAnswerWithinHours: 48,
      escalation: ['departmentManager', 'generalManager'],
      decidedBy: sla.clocks,
    },
    department:
      relatedTo === 'sales'
        ? { department: 'sales', decidedBy: sla.sales }
        : relatedTo === 'afterSales'
          ? { department: 'service', decidedBy: sla.service }
          : null,
  };
}

const dt = {
  insurance: by('discountTier', 'never-on-accident-or-insurance-repairs'),
  notPresented: by('discountTier', 'card-presented-before-payment'),
  expired: by('discountTier', 'card-expired'),
  member: by('discountTier', 'member-discount'),
  silver: by('discountTier', 'silver-discount'),
  goldDiamond: by('discountTier', 'gold-diamond-discount'),
};
const tierDiscounts: Record<string, [number, number, boolean, DecidedBy]> = {
  member: [5, 5, false, dt.member],
  silver: [10, 10, false, dt.silver],
  goldDiamond: [15, 15, true, dt.goldDiamond],
};

function discountTier(f: FactsOf<'discountTier'>, nowMs: number): DiscountTierDecision {
  if (f.order.payer === 'insurance' || f.order.types.includes('insuranceRepair')) {
    return { discount: null, denied: { reason: 'insuranceRepair', decidedBy: dt.insurance } };
  }
  if (f.member?.cardPresented !== true)
    return { discount: null, denied: { reason: 'cardNotPresented', decidedBy: dt.notPresented } };
  if (daysSince(f.member.cardValidUntil, nowMs) >= 1)
    return { discount: null, denied: { reason: 'cardExpired', decidedBy: dt.expired } };
  const tier = Object.hasOwn(tierDiscounts, f.member.tier) ? tierDiscounts[f.member.tier] : undefined;
  if (!tier) return { discount: null, denied: null };
  const [labour, parts, fastLane, decidedBy] = tier;
  return {
    discount: {
      labourPercentOff: labour,
      partsPercentOff: parts,
      labourDiscountFen: percentOfFen(f.order.labourFen, labour),
      partsDiscountFen: percentOfFen(f.order.partsFen, parts),
      fastLane,
      decidedBy,
    },
    denied: null,
  };
}

const pt = {
  spend: by('points', 'self-paid-spend'),
  activity: by('points', 'member-activity'),
  suggestion: by('points', 'accepted-suggestion'),
};

function points(f: FactsOf<'points'>): PointsDecision {
  const entries: PointsDecision['entries'] = [];
  if (f.eventType === 'repairOrder' && (f.order?.selfPaidFen ?? 0) > 0) {
    const earned = pointsForSpend(f.order?.selfPaidFen ?? 0, 1);
    if (earned > 0) entries.push({ points: earned, reason: 'selfPaidSpend', decidedBy: pt.spend });
  } else if (f.eventType === 'memberActivity') {
    entries.push({
      points: Math.min(500, Math.max(200, f.activity?.requestedPoints ?? 200)),
      reason: 'memberActivity',
      decidedBy: pt.activity,
    });
  } else if (f.eventType === 'suggestionAccepted') {
    entries.push({ points: 200, reason: 'suggestionAccepted', decidedBy: pt.suggestion });
  }
  return {
    entries,
    totalPoints: entries.reduce((sum, e) => sum + e.points, 0),
    excluded: null,
    expireAfterMonths: null,
    awardCap: { points: 1000, period: 'month' },
  };
}

const smsTemplates = new Map(
  ruleKinds.smsReminder.defaults.rules.flatMap((rule) =>
    rule.event.type === 'sendReminder' ? [[rule.id, rule.event.params.template]] : [],
  ),
);
const greetedHolidays = ['springFestival', 'midAutumn', 'nationalDay'];

function smsReminder(
  f: FactsOf<'smsReminder'>,
  now: string,
  nowMs: number,
  todayMs: number,
): SmsReminderDecision {
  const quietHours = { start: '21:00', end: '08:00' };
  if (f.customer?.optedOut === true) {
    return {
      reminders: [],
      suppressed: { reason: 'optedOut', decidedBy: by('smsReminder', 'opted-out-customers') },
      quietHours,
    };
  }
  const reminders: ReminderToSend[] = [];
  const send = (id: string, reminder: ReminderToSend['reminder'], occurrence: string) =>
    reminders.push({
      reminder,
      template: smsTemplates.get(id) ?? '',
      dedupeKey: `${reminder}:${occurrence}`,
      decidedBy: by('smsReminder', id),
    });
  const v = f.vehicle;
  const sincePurchase = daysSince(v?.purchaseDate, nowMs);
  const year = now.slice(0, 4);
  if (sincePurchase >= 90 && sincePurchase <= 120 && v?.firstMaintenanceDone !== true)
    send('first-maintenance', 'firstMaintenance', 'once');
  const sinceMaintenance = daysSince(v?.lastMaintenanceDate, nowMs);
  if (sinceMaintenance >= 150 && sinceMaintenance <= 180)
    send('periodic-maintenance', 'periodicMaintenance', v?.lastMaintenanceDate ?? 'never');
  const km = v?.mileageKm;
  if (
    sincePurchase <= 729 &&
    (sincePurchase >= 700 || (typeof km === 'number' && km >= 55_000 && km <= 59_999))
  ) {
    send('warranty-end', 'warrantyEnd', 'once');
  }
  const untilInspection = -daysSince(v?.inspectionDueDate, nowMs);
  if (untilInspection >= 0 && untilInspection <= 30) send('annual-inspection', 'annualInspection', year);
  const untilInsurance = -daysSince(v?.insuranceExpiryDate, nowMs);
  if (untilInsurance >= 0 && untilInsurance <= 30) send('insurance-renewal', 'insuranceRenewal', year);
  if (nextAnniversaryIn(f.customer?.birthday, todayMs) <= 0) send('birthday', 'birthday', year);
  if (f.holiday !== undefined && greetedHolidays.includes(f.holiday))
    send('holiday-greeting', 'holidayGreeting', `${f.holiday}:${year}`);
  const sinceVisit = daysSince(f.lastVisitDate, nowMs);
  if (sinceVisit === 1) send('post-service-thanks', 'postServiceThanks', f.lastVisitDate ?? 'never');
  if (sinceVisit >= 365) send('lost-customer-win-back', 'lostCustomerWinBack', f.lastVisitDate ?? 'never');
  return { reminders, suppressed: null, quietHours };
}

const questionnaires = questionnaireKind.defaults.questionnaires;
const qn = {
  sales: by('questionnaire', 'sales-callback-questionnaire'),
  afterSales: by('questionnaire', 'after-sales-callback-questionnaire'),
};

function questionnaire(f: FactsOf<'questionnaire'>): QuestionnaireDecision {
  const key = f.callbackType;
  const chosen = questionnaires[key];
  const bands = { fullySatisfiedFrom: 8, basicallySatisfiedFrom: 6 };
  return { questionnaire: chosen ? { key, ...chosen, decidedBy: qn[key] } : null, bands };
}

function quality(f: FactsOf<'quality'>): QualityDecision {
  const settings = { monthCloseDay: 'monthEnd' as const, overdueSms: false };
  const { kind, itemType } = f.subject;
  if (kind === 'questionnaireItem' && itemType === 'score')
    return {
      threshold: {
        measure: 'average',
        weakBelow: 8,
        improvedByAtLeast: 0.3,
        decidedBy: by('quality', 'score-item-below-8'),
      },
      ...settings,
    };
  if (kind === 'questionnaireItem' && (itemType === 'yesNo' || itemType === 'threeWay'))
    return {
      threshold: {
        measure: 'average',
        weakBelow: 0.8,
        improvedByAtLeast: 0.05,
        decidedBy: by('quality', 'yes-no-item-below-80'),
      },
      ...settings,
    };
  if (kind !== 'questionnaireItem')
    return {
      threshold: {
        measure: 'fullySatisfiedRate',
        weakBelow: 0.8,
        improvedByAtLeast: 0.05,
        decidedBy: by('quality', 'person-fully-satisfied-below-80'),
      },
      ...settings,
    };
  return { threshold: null, ...settings };
}

const cl = (id: string) => by('classification', id);
const members = ['member', 'silver', 'goldDiamond'];

function classification(f: FactsOf<'classification'>, nowMs: number): ClassificationDecision {
  const attendance = f.maintenanceAttendancePercent ?? Number.NaN;
  const first = f.firstMaintenanceDone === true;
  const visits = f.visits?.last12Months ?? Number.NaN;
  const spend12 = f.spend?.last12MonthsFen ?? Number.NaN;
  const cumulative = f.spend?.cumulativeFen ?? Number.NaN;
  const member = f.member?.tier !== undefined && members.includes(f.member.tier);
  return {
    lost:
      daysSince(f.lastVisitDate, nowMs) >= 365
        ? { reason: 'noVisitFor365Days', decidedBy: cl('lost-after-365-days') }
        : null,
    loyalty: !first
      ? null
      : attendance >= 80
        ? { category: 'everyMaintenance', decidedBy: cl('loyalty-every-maintenance') }
        : attendance > 0
          ? { category: 'sometimes', decidedBy: cl('loyalty-sometimes') }
          : attendance === 0
            ? { category: 'never', decidedBy: cl('loyalty-never') }
            : null,
    grade:
      visits >= 4 || spend12 >= 2_000_000
        ? { grade: 'A', askForReferral: true, decidedBy: cl('grade-a') }
        : visits >= 2 || spend12 >= 500_000
          ? { grade: 'B', askForReferral: true, decidedBy: cl('grade-b') }
          : { grade: 'C', askForReferral: false, decidedBy: cl('grade-c') },
    tier: !member
      ? null
      : cumulative >= 10_000_000 && attendance >= 80
        ? { tier: 'goldDiamond', decidedBy: cl('tier-gold-diamond') }
        : cumulative >= 3_000_000 && attendance >= 50
          ? { tier: 'silver', decidedBy: cl('tier-silver') }
          : { tier: 'member', decidedBy: cl('tier-member') },
  };
}

/** One decision by hand, for any kind. */
export function decideByHand(sample: Sample): unknown {
  const nowMs = parseInstant(sample.now);
  switch (sample.kind) {
    case 'callbackWindow':
      return callbackWindow(sample.facts);
    case 'complaintSla':
      return complaintSla(sample.facts);
    case 'discountTier':
      return discountTier(sample.facts, nowMs);
    case 'points':
      return points(sample.facts);
    case 'smsReminder':
      return smsReminder(sample.facts, sample.now, nowMs, Math.floor(nowMs / day) * day);
    case 'questionnaire':
      return questionnaire(sample.facts);
    case 'classification':
      return classification(sample.facts, nowMs);
    case 'quality':
      return quality(sample.facts);
  }
}
