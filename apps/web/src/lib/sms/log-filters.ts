import { type SmsStatus, smsStatuses } from './types';

/** The send log's filters as the page's URL carries them (`?status=failed&from=2026-11-01`). */
export interface SmsLogFilters {
  status: SmsStatus | '';
  reason: string;
  phoneTail: string;
  /** Store-local calendar dates, inclusive. */
  from: string;
  to: string;
  flagged: boolean;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function readSmsLogFilters(params: URLSearchParams): SmsLogFilters {
  const status = params.get('status') ?? '';
  const date = (name: string) => {
    const value = params.get(name) ?? '';
    return isoDate.test(value) ? value : '';
  };
  return {
    status: (smsStatuses as string[]).includes(status) ? (status as SmsStatus) : '',
    reason: (params.get('reason') ?? '').trim().slice(0, 40),
    phoneTail: (params.get('phoneTail') ?? '').replace(/\D/g, '').slice(0, 11),
    from: date('from'),
    to: date('to'),
    flagged: params.get('flagged') === 'true',
  };
}

/**
 * The instant a store-local day starts, with the zone's offset on that day (so a day in
 * Urumqi starts at 02:00 Beijing time), as the API's `from`/`to` want it.
 *
 * @example
 * startOfLocalDay('2026-11-01', 'Asia/Shanghai'); // '2026-11-01T00:00:00+08:00'
 */
export function startOfLocalDay(date: string, timeZone: string): string {
  const noonUtc = new Date(`${date}T12:00:00Z`);
  const offsetName =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(noonUtc)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = offsetName === 'GMT' ? '+00:00' : offsetName.replace('GMT', '');
  return `${date}T00:00:00${offset}`;
}

const nextDay = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The API query of the filters: `to` is inclusive here, so the API gets the next day's start. */
export function smsLogQuery(filters: SmsLogFilters, timeZone: string, limit = 200): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filters.status) query.set('status', filters.status);
  if (filters.reason) query.set('reason', filters.reason);
  if (filters.phoneTail.length >= 4) query.set('phoneTail', filters.phoneTail);
  if (filters.from) query.set('from', startOfLocalDay(filters.from, timeZone));
  if (filters.to) query.set('to', startOfLocalDay(nextDay(filters.to), timeZone));
  if (filters.flagged) query.set('flagged', 'true');
  return query.toString();
}
