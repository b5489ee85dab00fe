import { halfWidth } from '../customers/normalize.ts';

/** One cell as the readers hand it over: text, a number, or a date (Excel date cells). */
export type Cell = string | number | Date | null;

/** A cell as text: half-width, trimmed, empty as null; whole numbers without ".0". */
export function cellText(cell: Cell | undefined): string | null {
  if (cell == null) return null;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  const text = typeof cell === 'number' ? String(cell) : halfWidth(cell).trim().replace(/\s+/g, ' ');
  return text === '' ? null : text;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Yuan as written (350, "1,234.50", "￥88") → integer fen. */
export function yuanToFen(cell: Cell | undefined): Parsed<number | null> {
  const text = typeof cell === 'number' ? String(cell) : cellText(cell)?.replace(/[,￥¥元\s]/g, '');
  if (!text) return { ok: true, value: null };
  if (!/^\d+(\.\d{1,2})?$/.test(text))
    return { ok: false, message: 'is not an amount in yuan such as 350.00' };
  const [whole = '0', cents = ''] = text.split('.');
  return { ok: true, value: Number(whole) * 100 + Number(cents.padEnd(2, '0')) };
}

/** Kilometres as written (45000, "45,000", "45000km"). */
export function kilometres(cell: Cell | undefined): Parsed<number | null> {
  const text = typeof cell === 'number' ? String(cell) : cellText(cell)?.replace(/[,\s]|公里|KM$/gi, '');
  if (!text) return { ok: true, value: null };
  if (!/^\d+(\.\d+)?$/.test(text)) return { ok: false, message: 'is not a mileage in km such as 45000' };
  return { ok: true, value: Math.round(Number(text)) };
}

export interface LocalDateTime {
  date: string;
  time: string | null;
}

/**
 * A date (and maybe a time) as spreadsheets write them: an Excel date cell, 2024-05-01,
 * 2024/5/1, 2024.5.1, 2024年5月1日, 20240501, each optionally followed by 14:30[:00].
 * Excel dates carry no zone: their wall-clock fields are the store's local time.
 */
export function localDateTime(cell: Cell | undefined): Parsed<LocalDateTime | null> {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { ok: false, message: 'is not a date' };
    const iso = cell.toISOString();
    const time = iso.slice(11, 16);
    return { ok: true, value: { date: iso.slice(0, 10), time: time === '00:00' ? null : time } };
  }
  if (typeof cell === 'number') return { ok: false, message: 'is a number, not a date such as 2024-05-01' };
  const text = cellText(cell);
  if (!text) return { ok: true, value: null };
  const match =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:时](\d{2})(?:[:分](\d{2})秒?)?)?$/.exec(
      text,
    ) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return { ok: false, message: 'is not a date such as 2024-05-01' };
  const [, y, m, d, hh, mm] = match;
  const date = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const check = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date)
    return { ok: false, message: 'is not a calendar date' };
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59))
    return { ok: false, message: 'has no such time' };
  return { ok: true, value: { date, time: hh === undefined ? null : `${hh.padStart(2, '0')}:${mm}` } };
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function zoneOffsetMs(at: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * The instant of a store-local wall-clock time. A date without a time is taken at noon,
 * so its store-local date is the one written whatever the zone.
 *
 * @example
 * instantOf({ date: '2024-05-01', time: '09:30' }, 'Asia/Shanghai'); // '2024-05-01T01:30:00.000Z'
 */
export function instantOf({ date, time }: LocalDateTime, timeZone: string): string {
  const wall = Date.parse(`${date}T${time ?? '12:00'}:00Z`);
  const first = wall - zoneOffsetMs(wall, timeZone);
  return new Date(wall - zoneOffsetMs(first, timeZone)).toISOString();
}
