const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date of an instant in a store's time zone (`YYYY-MM-DD`): callback windows,
 * reminders and monthly figures count in store-local days.
 *
 * @example
 * localDate('2024-04-30T17:00:00Z', 'Asia/Shanghai'); // '2024-05-01'
 */
export function localDate(instant: string | Date, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const at = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  // Every zone's offset is a multiple of 15 minutes, so all instants of one quarter hour share
  // a local date: formatting (slow) happens once per quarter hour seen, not once per event.
  const quarter = Math.floor(at / quarterHour);
  const key = `${timeZone} ${quarter}`;
  let date = dates.get(key);
  if (date === undefined) {
    if (dates.size >= 50_000) dates.clear();
    date = format.format(quarter * quarterHour);
    dates.set(key, date);
  }
  return date;
}

const quarterHour = 15 * 60_000;
const dates = new Map<string, string>();
