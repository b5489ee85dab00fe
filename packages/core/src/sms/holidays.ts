import chineseDays from 'chinese-days';

/** A greeting day: its key for the rules and its name for the text. */
export interface HolidayOfDay {
  key: string;
  name: string;
}

/**
 * The greeting days of the Chinese calendar: the lunar festivals (from the lunar date,
 * which `chinese-days` computes for any year, not only the years whose statutory holiday
 * arrangements it lists) and the fixed solar ones. The key is what `smsReminder` rules
 * name (`holiday in [springFestival, midAutumn, nationalDay]`); the name fills the
 * template's {holidayName}. A greeting goes out on the festival day itself, not on each
 * day of the statutory break around it.
 */
const lunarFestivals: Record<string, HolidayOfDay> = {
  '1-1': { key: 'springFestival', name: '春节' },
  '1-15': { key: 'lanternFestival', name: '元宵节' },
  '5-5': { key: 'dragonBoat', name: '端午节' },
  '7-7': { key: 'qixi', name: '七夕节' },
  '8-15': { key: 'midAutumn', name: '中秋节' },
  '9-9': { key: 'doubleNinth', name: '重阳节' },
};
const solarFestivals: Record<string, HolidayOfDay> = {
  '01-01': { key: 'newYear', name: '元旦' },
  '05-01': { key: 'labourDay', name: '劳动节' },
  '10-01': { key: 'nationalDay', name: '国庆节' },
};

/**
 * The greeting day a store-local date is, if any.
 *
 * @example
 * holidayOn('2026-09-25'); // { key: 'midAutumn', name: '中秋节' }
 */
export function holidayOn(date: string): HolidayOfDay | null {
  const solar = solarFestivals[date.slice(5)];
  const lunar = chineseDays.getLunarDate(date);
  // A leap month repeats the month's number; its days are not the festival.
  const festival = lunar.isLeap ? undefined : lunarFestivals[`${lunar.lunarMon}-${lunar.lunarDay}`];
  return festival ?? solar ?? null;
}
