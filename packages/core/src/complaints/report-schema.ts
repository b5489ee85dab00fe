import { z } from 'zod';
import { IsoDate as Day, Instant } from '../input/calendar.ts';
import { ClockName, ComplaintCategory, Department } from './schema.ts';

/** A range of the store's own calendar days, both ends included (a month is its first and last day). */
export const ComplaintReportQuery = z.object({
  from: Day,
  to: Day,
});
export type ComplaintReportQuery = z.infer<typeof ComplaintReportQuery>;

/** 结果: closed with a result summary, not upheld, or still being worked on. */
export const ComplaintOutcome = z.enum(['resolved', 'notUpheld', 'open']);
export type ComplaintOutcome = z.infer<typeof ComplaintOutcome>;

/** The steps whose time is measured from 投诉时间 (when the customer complained). */
export const ReportStep = z.enum(['dispatch', 'plan', 'answer', 'close']);
export type ReportStep = z.infer<typeof ReportStep>;

const count = z.number().int().min(0);
const minutes = z.number().int().nullable();

export const StepTimes = z
  .object({
    step: ReportStep,
    /** How many complaints of the range reached this step. */
    count,
    medianMinutes: minutes,
    averageMinutes: minutes,
  })
  .meta({ id: 'ComplaintStepTimes' });
export type StepTimes = z.infer<typeof StepTimes>;

export const ClockBreach = z
  .object({
    complaintId: z.uuid(),
    caseNo: z.string(),
    clock: ClockName,
    round: z.number().int(),
    dueAt: Instant,
    /** When the step was done or the clock stopped; null while it still runs. */
    stoppedAt: Instant.nullable(),
    /** How far past its deadline the clock ran (to the report's moment while it still runs). */
    overdueMinutes: z.number().int(),
  })
  .meta({ id: 'ComplaintClockBreach' });
export type ClockBreach = z.infer<typeof ClockBreach>;

/** One store's complaints of a date range: counts, times to each step, and the clocks that ran out. */
export const ComplaintReport = z
  .object({
    storeId: z.uuid(),
    storeCode: z.string(),
    storeName: z.string(),
    timeZone: z.string(),
    from: Day,
    to: Day,
    total: count,
    byCategory: z.array(z.object({ category: ComplaintCategory, count })),
    /** `department` is null for complaints not (yet) dispatched. */
    byDepartment: z.array(z.object({ department: Department.nullable(), count })),
    byOutcome: z.array(z.object({ outcome: ComplaintOutcome, count })),
    times: z.array(StepTimes),
    breachesByClock: z.array(z.object({ clock: ClockName, count })),
    breaches: z.array(ClockBreach),
  })
  .meta({ id: 'ComplaintReport' });
export type ComplaintReport = z.infer<typeof ComplaintReport>;

/** The group's stores side by side (HQ). */
export const GroupComplaintReport = z
  .object({ from: Day, to: Day, stores: z.array(ComplaintReport) })
  .meta({ id: 'GroupComplaintReport' });
export type GroupComplaintReport = z.infer<typeof GroupComplaintReport>;
