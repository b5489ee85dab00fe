// A realistic store's day of decisions: DMS events (deliveries, repair orders, complaints,
// member events) and a nightly scan (reminders, classification), generated from a fixed seed
// so every run measures the same facts.
import type { FactsOf, RuleKindName } from '../src/index.ts';

export type Sample = {
  [Name in RuleKindName]: { kind: Name; facts: FactsOf<Name>; now: string };
}[RuleKindName];

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const scanDate = '2024-05-01';
const day = 86_400_000;

export function storeWorkload(count: number, seed = 20240501): Sample[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const daysAgo = (min: number, max: number) =>
    new Date(Date.parse(scanDate) - int(min, max) * day).toISOString().slice(0, 10);
  const orderTypes = () =>
    pick([
      ['maintenance'],
      ['firstMaintenance'],
      ['minorRepair'],
      ['insuranceRepair', 'bodyPaint'],
      ['bodyPaint'],
      ['maintenance', 'accessories'],
    ] as const).slice();
  const payer = () => pick(['self', 'self', 'self', 'insurance', 'warranty', 'freeMaintenance'] as const);
  const tier = () => pick(['member', 'silver', 'goldDiamond', 'member'] as const);

  const make: Record<RuleKindName, () => Sample> = {
    callbackWindow: () => {
      const occurredOn = daysAgo(0, 3);
      return {
        kind: 'callbackWindow',
        now: occurredOn,
        facts: chance(0.4)
          ? { eventType: 'delivery', occurredOn, customer: { refusesCalls: chance(0.05), vip: chance(0.1) } }
          : {
              eventType: 'repairOrder',
              occurredOn,
              orderTypes: orderTypes(),
              payer: payer(),
              customer: { refusesCalls: chance(0.05), cardType: pick(['A', 'C'] as const) },
              vehicle: { series: pick(['卡罗拉', '凯美瑞', 'RAV4']), mileageKm: int(500, 120_000) },
            },
      };
    },
    complaintSla: () => {
      const openedAt = `${daysAgo(0, 2)}T${String(int(8, 20)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:00+08:00`;
      return {
        kind: 'complaintSla',
        now: openedAt,
        facts: {
          complaint: {
            category: pick([
              'productQuality',
              'repairQuality',
              'staffAttitude',
              'staffError',
              'price',
              'waitingTime',
              'other',
            ] as const),
            severity: pick(['ordinary', 'ordinary', 'urgent'] as const),
            channel: pick(['callback', 'walkIn', 'phone'] as const),
            repeat: chance(0.2),
            ...(chance(0.9) ? { relatedTo: pick(['sales', 'afterSales'] as const) } : {}),
            openedAt,
          },
        },
      };
    },
    discountTier: () => ({
      kind: 'discountTier',
      now: scanDate,
      facts: {
        ...(chance(0.7)
          ? { member: { tier: tier(), cardPresented: chance(0.9), cardValidUntil: daysAgo(-900, 60) } }
          : {}),
        order: { types: orderTypes(), payer: payer(), labourFen: int(0, 200_000), partsFen: int(0, 800_000) },
      },
    }),
    points: () => {
      const eventType = pick([
        'repairOrder',
        'repairOrder',
        'repairOrder',
        'memberActivity',
        'suggestionAccepted',
        'referral',
      ] as const);
      return {
        kind: 'points',
        now: scanDate,
        facts:
          eventType === 'repairOrder'
            ? {
                eventType,
                order: {
                  types: orderTypes(),
                  payer: payer(),
                  selfPaidFen: chance(0.2) ? 0 : int(5_000, 900_000),
                },
              }
            : { eventType, activity: { requestedPoints: int(0, 700) }, member: { tier: tier() } },
      };
    },
    smsReminder: () => ({
      kind: 'smsReminder',
      now: scanDate,
      facts: {
        customer: {
          birthday: `19${int(60, 99)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`,
          optedOut: chance(0.03),
        },
        vehicle: {
          plate: `皖N${int(10_000, 99_999)}`,
          purchaseDate: daysAgo(30, 1_200),
          mileageKm: int(1_000, 90_000),
          firstMaintenanceDone: chance(0.7),
          lastMaintenanceDate: daysAgo(10, 400),
          inspectionDueDate: daysAgo(-90, 10),
          insuranceExpiryDate: daysAgo(-90, 10),
        },
        lastVisitDate: daysAgo(1, 500),
        ...(chance(0.05)
          ? { holiday: pick(['springFestival', 'midAutumn', 'nationalDay', 'dragonBoat']) }
          : {}),
      },
    }),
    questionnaire: () => ({
      kind: 'questionnaire',
      now: scanDate,
      facts: { callbackType: pick(['sales', 'afterSales'] as const), orderTypes: orderTypes() },
    }),
    classification: () => ({
      kind: 'classification',
      now: scanDate,
      facts: {
        firstMaintenanceDone: chance(0.8),
        maintenanceAttendancePercent: pick([0, 25, 50, 60, 80, 100]),
        lastVisitDate: daysAgo(1, 600),
        visits: { last6Months: int(0, 3), last12Months: int(0, 6), last36Months: int(0, 15) },
        spend: { cumulativeFen: int(0, 15_000_000), last12MonthsFen: int(0, 3_000_000) },
        ...(chance(0.6) ? { member: { tier: tier() } } : {}),
      },
    }),
    // Monthly, not daily: generated for completeness, kept out of the day's mix below.
    quality: () => ({
      kind: 'quality',
      now: scanDate,
      facts: {
        subject: chance(0.5)
          ? { kind: 'questionnaireItem', callbackType: 'sales', itemId: 'waitingTime', itemType: 'score' }
          : {
              kind: pick(['salesConsultant', 'serviceAdvisor', 'repairTeam'] as const),
              callbackType: 'afterSales',
            },
      },
    }),
  };
  // The mix of a day: events dominate, the nightly scan adds reminders and classification.
  const mix: RuleKindName[] = [
    'callbackWindow',
    'callbackWindow',
    'callbackWindow',
    'points',
    'points',
    'discountTier',
    'discountTier',
    'questionnaire',
    'complaintSla',
    'smsReminder',
    'smsReminder',
    'smsReminder',
    'classification',
    'classification',
  ];
  return Array.from({ length: count }, () => make[pick(mix)]());
}
