import { isQuietTime, type QuietHours } from '@crm/rules';

const clocks = new Map<string, Intl.DateTimeFormat>();

/** `HH:MM` of an instant on a store's wall clock. */
export function localClockTime(at: Date, timeZone: string): string {
  let format = clocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    clocks.set(timeZone, format);
  }
  return format.format(at);
}

const minuteMs = 60_000;

/**
 * When a message may go out: `at` itself outside quiet hours, else the first whole minute
 * after they end on the store's clock (the store rule; default 21:00–08:00). Stepping a
 * minute at a time from the quiet hours' end also lands right across a daylight-saving jump.
 *
 * @example
 * nextAllowedSendTime(new Date('2024-05-01T14:30:00Z'), 'Asia/Shanghai', { start: '21:00', end: '08:00' });
 * // 2024-05-02T00:00:00Z (08:00 in Shanghai)
 */
export function nextAllowedSendTime(at: Date, timeZone: string, quietHours: QuietHours): Date {
  const local = localClockTime(at, timeZone);
  if (!isQuietTime(local, quietHours)) return at;
  const [hour, minute] = local.split(':').map(Number) as [number, number];
  const [endHour, endMinute] = quietHours.end.split(':').map(Number) as [number, number];
  const wait = (endHour * 60 + endMinute - (hour * 60 + minute) + 1440) % 1440;
  let candidate = new Date(Math.floor(at.getTime() / minuteMs) * minuteMs + wait * minuteMs);
  for (let step = 0; step < 24 * 60 && isQuietTime(localClockTime(candidate, timeZone), quietHours); step++) {
    candidate = new Date(candidate.getTime() + minuteMs);
  }
  return candidate;
}
