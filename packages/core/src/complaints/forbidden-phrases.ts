import type { PhraseWarning } from './schema.ts';

/** Spaces and punctuation, full- and half-width: "一分钱,一分货" matches "一分钱，一分货！". */
const noise = /[\s\p{P}\p{S}]/gu;
const normalise = (text: string) => text.replace(noise, '').toLowerCase();

/**
 * The store's forbidden phrases (十句禁言) that `text` contains, in the list's order. The
 * comparison ignores spaces, punctuation and letter case, so a phrase cannot slip through
 * by a changed comma; it warns, it does not refuse — staff decide whether to rephrase.
 *
 * @example
 * forbiddenPhrasesIn('这个嘛，我不大清楚。', ['我不大清楚']); // ['我不大清楚']
 */
export function forbiddenPhrasesIn(text: string, phrases: readonly string[]): string[] {
  const haystack = normalise(text);
  return phrases.filter((phrase) => {
    const needle = normalise(phrase);
    return needle.length > 0 && haystack.includes(needle);
  });
}

/** One warning per field that contains any of the phrases. */
export function phraseWarnings(
  fields: Record<string, string | null | undefined>,
  phrases: readonly string[],
): PhraseWarning[] {
  return Object.entries(fields).flatMap(([field, text]) => {
    const found = text ? forbiddenPhrasesIn(text, phrases) : [];
    return found.length ? [{ field, phrases: found }] : [];
  });
}
