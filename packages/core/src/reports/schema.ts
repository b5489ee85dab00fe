import { z } from 'zod';
import { StatisticsTable, UnsuccessfulCallback } from '../callbacks/schema.ts';
import { ComplaintReport } from '../complaints/report-schema.ts';
import { IsoDate, Month } from '../input/calendar.ts';

// A calendar month (YYYY-MM), read in each store's own time zone.
export { Month };

export const ReportPackQuery = z.object({ month: Month });
export type ReportPackQuery = z.infer<typeof ReportPackQuery>;

const count = z.number().int().min(0);

/** One cell of a card analysis: how many cards of a model have this value of a field. */
export const CardCell = z.object({ dimension: z.string(), value: z.string(), count });

/**
 * A卡 / C卡分析表: the cards that became A (bought here, by delivery date) or C (serviced
 * here, by the order's date) in the month, per model (车系), split by each recorded field.
 * `notRecorded` names the seed's columns the customer file does not hold.
 */
export const CardAnalysis = z
  .object({
    card: z.enum(['A', 'C']),
    total: count,
    /** The fields and, for each, the values seen this month in sheet order. */
    dimensions: z.array(z.object({ dimension: z.string(), values: z.array(z.string()) })),
    rows: z.array(z.object({ model: z.string(), total: count, cells: z.array(CardCell) })),
    notRecorded: z.array(z.string()),
  })
  .meta({ id: 'CardAnalysis' });
export type CardAnalysis = z.infer<typeof CardAnalysis>;

/** 短信发送记录 of the month: messages requested in it, what became of them, and the replies. */
export const SmsMonth = z
  .object({
    requested: count,
    sent: count,
    delivered: count,
    failed: count,
    suppressed: count,
    /** Messages of the month that got at least one reply. */
    replied: count,
    byReason: z.array(
      z.object({ reason: z.string(), requested: count, sent: count, delivered: count, replied: count }),
    ),
  })
  .meta({ id: 'SmsMonth' });
export type SmsMonth = z.infer<typeof SmsMonth>;

/** 流失客户联络 of the month: contacts made, cars contacted, cars won back. */
export const LostCustomersMonth = z
  .object({
    contacts: count,
    contacted: count,
    reached: count,
    wonBack: count,
    byResult: z.array(z.object({ result: z.string(), count })),
  })
  .meta({ id: 'LostCustomersMonth' });
export type LostCustomersMonth = z.infer<typeof LostCustomersMonth>;

/** 车友俱乐部 of the month: cards issued, points earned and redeemed. */
export const MembershipMonth = z
  .object({
    cardsIssued: count,
    byTier: z.array(z.object({ tier: z.string(), count })),
    pointsEarned: count,
    pointsRedeemed: count,
    /** Expiries and managers' debits: points taken off other than by redemption. */
    pointsOtherDebits: count,
  })
  .meta({ id: 'MembershipMonth' });
export type MembershipMonth = z.infer<typeof MembershipMonth>;

/** The month's report pack of one store: every report the store manager opens at month end. */
export const ReportPack = z
  .object({
    storeId: z.uuid(),
    storeCode: z.string(),
    storeName: z.string(),
    timeZone: z.string(),
    month: Month,
    from: IsoDate,
    to: IsoDate,
    satisfaction: z.object({
      salesConsultant: StatisticsTable,
      serviceAdvisor: StatisticsTable,
      repairTeam: StatisticsTable,
    }),
    unsuccessfulCallbacks: z.array(UnsuccessfulCallback),
    cards: z.object({ A: CardAnalysis, C: CardAnalysis }),
    complaints: ComplaintReport,
    sms: SmsMonth,
    lostCustomers: LostCustomersMonth,
    membership: MembershipMonth,
  })
  .meta({ id: 'ReportPack' });
export type ReportPack = z.infer<typeof ReportPack>;

/** The headline figures HQ compares stores by. Rates are fractions (0–1), null when their base is zero. */
export const DashboardFigure = z.enum([
  'salesFullySatisfiedRate',
  'afterSalesFullySatisfiedRate',
  'callbackSuccessRate',
  'complaintsOpened',
  'complaintsBreached',
  'complaintsClosed',
  'lostWonBack',
]);
export type DashboardFigure = z.infer<typeof DashboardFigure>;

export const DashboardFigures = z
  .object({
    salesFullySatisfiedRate: z.number().nullable(),
    afterSalesFullySatisfiedRate: z.number().nullable(),
    callbackSuccessRate: z.number().nullable(),
    complaintsOpened: count,
    complaintsBreached: count,
    complaintsClosed: count,
    lostWonBack: count,
  })
  .meta({ id: 'DashboardFigures' });
export type DashboardFigures = z.infer<typeof DashboardFigures>;

/** A month, or a range of months (both included, at most twelve). */
export const DashboardQuery = z.object({
  month: Month.optional(),
  from: Month.optional(),
  to: Month.optional(),
  rankBy: DashboardFigure.default('salesFullySatisfiedRate'),
});
export type DashboardQuery = z.input<typeof DashboardQuery>;

export const Dashboard = z
  .object({
    from: Month,
    to: Month,
    rankBy: DashboardFigure,
    stores: z.array(
      z.object({
        storeId: z.uuid(),
        storeCode: z.string(),
        storeName: z.string(),
        rank: z.number().int(),
        figures: DashboardFigures,
      }),
    ),
    /** The twelve months ending with `to`, each store's figures per month (oldest first). */
    trend: z.object({
      months: z.array(Month),
      stores: z.array(z.object({ storeId: z.uuid(), months: z.array(DashboardFigures) })),
    }),
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof Dashboard>;
