/**
 * SMS templates: text with `{variable}` placeholders. An unknown variable is an error when
 * the template is saved (domain.md), so the rule set's validation uses `unknownVariables`.
 */
export const smsTemplateVariables = [
  'customerName',
  'customerTitle',
  'storeName',
  'storePhone',
  'plate',
  'model',
  'date',
  'mileageKm',
  'bookingNumber',
  'holidayName',
] as const;
export type SmsTemplateVariable = (typeof smsTemplateVariables)[number];

const placeholder = /\{([^{}]*)\}/g;
const known: ReadonlySet<string> = new Set(smsTemplateVariables);

/** The placeholders a template uses that are not template variables. */
export function unknownVariables(template: string): string[] {
  const unknown: string[] = [];
  for (const match of template.matchAll(placeholder)) {
    const name = match[1] ?? '';
    if (!known.has(name) && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

/** Fills a template; a variable without a value is left empty rather than shown as `{name}`. */
export function renderSmsTemplate(
  template: string,
  values: Partial<Record<SmsTemplateVariable, string | number>>,
): string {
  return template.replace(placeholder, (whole, name: string) => {
    if (!known.has(name)) return whole;
    const value = values[name as SmsTemplateVariable];
    return value === undefined ? '' : String(value);
  });
}

const clockTime = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface QuietHours {
  /** Local time quiet hours start, `HH:MM` (default 21:00). */
  start: string;
  /** Local time they end, `HH:MM` (default 08:00); may be earlier than start (overnight). */
  end: string;
}

export function isClockTime(value: string): boolean {
  return clockTime.test(value);
}

function minutesOf(time: string): number {
  const match = clockTime.exec(time);
  if (!match) throw new RangeError(`Not a local time HH:MM: ${JSON.stringify(time)}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Whether a store-local time `HH:MM` falls in quiet hours, when nothing may be sent. */
export function isQuietTime(localTime: string, quietHours: QuietHours): boolean {
  const at = minutesOf(localTime);
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  if (start === end) return false;
  return start < end ? at >= start && at < end : at >= start || at < end;
}
