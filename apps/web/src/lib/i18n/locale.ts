/** The UI languages; zh-CN first because the staff are Chinese dealership staff. */
export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'zh-CN';

/** The cookie that remembers the chosen language (readable by no script: HttpOnly). */
export const localeCookie = 'crm_locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** The cookie's language when it names one we have, otherwise zh-CN. */
export function resolveLocale(cookieValue: string | undefined): Locale {
  return isLocale(cookieValue) ? cookieValue : defaultLocale;
}
