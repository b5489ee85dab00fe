import { z } from 'zod';

/**
 * Dates, instants and months as every input takes them: the ISO forms, in years 1900–2100.
 * Postgres has no year 0000 and the window arithmetic past 9999 gives a year JavaScript
 * writes with six digits, so an out-of-range year failed deep inside a write; here it is
 * refused with the field. (A rule may be stricter, e.g. no delivery in the future.)
 */
export const earliestYear = 1900;
export const latestYear = 2100;

const yearOf = (text: string) => Number(text.slice(0, 4));
const inRange = (text: string) => yearOf(text) >= earliestYear && yearOf(text) <= latestYear;
const rangeMessage = `the year must be between ${earliestYear} and ${latestYear}`;

/** A calendar day, `2026-11-01`. */
export const IsoDate = z.iso.date().refine(inRange, rangeMessage);
/** A moment with its offset, `2026-11-01T09:30:00+08:00`. */
export const Instant = z.iso.datetime({ offset: true }).refine(inRange, rangeMessage);
/** A calendar month, `2026-11`. */
export const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
  .refine(inRange, rangeMessage);
export type Month = z.infer<typeof Month>;
