import type { Locale } from '../i18n';

/** Money arrives in integer fen (分) and is shown in yuan: ¥1,234.50. */
export function formatFen(fen: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' }).format(fen / 100);
}

/** Kilometres with thousands separators: 12,345 km. */
export function formatKm(km: number | null, locale: Locale): string {
  return km === null ? '' : `${new Intl.NumberFormat(locale).format(km)} km`;
}

/** A phone as a tel: link target: digits and a leading + only (landlines arrive as 0316-2298888). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

/** An instant as the store-local calendar day, `YYYY-MM-DD`, like the file's other dates. */
export function formatDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}
