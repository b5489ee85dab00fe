import i18next from 'i18next';
import { getContext, setContext } from 'svelte';
import { en } from './en';
import { defaultLocale, type Locale } from './locale';
import { type Messages, zhCN } from './zh-CN';

export { defaultLocale, isLocale, type Locale, localeCookie, locales, resolveLocale } from './locale';

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every translation key, e.g. `hqStores.title`; a typo is a type error. */
export type MessageKey = Leaves<Messages>;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface I18n {
  readonly locale: Locale;
  readonly t: Translate;
}

const resources = {
  'zh-CN': { translation: zhCN },
  en: { translation: en },
};

/**
 * A fresh i18next instance for one language. On the server this runs once per request
 * (inside the root layout), so two requests in different languages never share state —
 * the global `i18next` singleton is never initialised. Resources are bundled, so init is
 * synchronous and the server's HTML matches what the client hydrates.
 */
export function createI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  instance.init({
    lng: locale,
    fallbackLng: defaultLocale,
    resources,
    initAsync: false,
    // Keeps i18next's promotional console line out of the server log.
    showSupportNotice: false,
    // Svelte escapes on output; escaping here would double-escape.
    interpolation: { escapeValue: false },
  });
  return { locale, t: (key, vars) => instance.t(key, vars ?? {}) };
}

const contextKey = Symbol('i18n');

/**
 * Puts the i18n of the current page tree into Svelte context. `current` is read on every
 * call, so a language switch (new layout data) re-renders whatever used `t`.
 */
export function setI18n(current: () => I18n): void {
  const i18n: I18n = {
    get locale() {
      return current().locale;
    },
    t: (key, vars) => current().t(key, vars),
  };
  setContext(contextKey, i18n);
}

/** The i18n set by the root layout. */
export function getI18n(): I18n {
  const i18n = getContext<I18n | undefined>(contextKey);
  if (!i18n) throw new Error('getI18n() called outside the root layout');
  return i18n;
}

/** The translated text for an API error code, falling back to a generic message. */
export function errorText(t: Translate, code: string): string {
  const known = [
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'CONFLICT',
    'INVALID_INPUT',
    'RATE_LIMITED',
    'API_UNREACHABLE',
  ] as const;
  const match = known.find((c) => c === code);
  return match ? t(`errors.${match}`) : t('errors.unknown');
}

/** A timestamp shown in the store's own time zone, so server and browser render the same text. */
export function formatDateTime(iso: string | null, locale: Locale, timeZone: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}
