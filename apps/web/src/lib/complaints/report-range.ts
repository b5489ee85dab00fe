/** A report's range of calendar days, both included. */
export interface ReportRange {
  from: string;
  to: string;
}

const day = /^\d{4}-\d{2}-\d{2}$/;

/** The first and last day of the month `today` falls in. */
export function monthOf(today: string): ReportRange {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}

/** The month before the one `today` falls in. */
export function previousMonthOf(today: string): ReportRange {
  const { from } = monthOf(today);
  const lastOfPrevious = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return monthOf(lastOfPrevious);
}

/**
 * The range asked for in the page's address (`from`, `to`), else this month on the
 * store's calendar. Whether the range is acceptable is the API's to say.
 */
export function requestedRange(params: URLSearchParams, today: string): ReportRange {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return day.test(from) && day.test(to) ? { from, to } : monthOf(today);
}

/** Today's date on a time zone's calendar. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
