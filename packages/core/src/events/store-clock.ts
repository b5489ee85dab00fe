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
  return format.format(typeof instant === 'string' ? new Date(instant) : instant);
}
