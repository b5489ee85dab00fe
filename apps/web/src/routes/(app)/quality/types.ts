// The web's names for the quality API's views (generated from its OpenAPI document:
// QualityMeeting, QualityItem, …), and how the quality pages show and filter them.
import type { QualityItem, QualityMeeting, QualitySubject } from '$lib/api/contract';

export type {
  QualityItem,
  QualityItemFigure,
  QualityMeeting,
  QualityMeetingSummary,
  QualityPackEntry,
  QualitySubject,
} from '$lib/api/contract';
export type QualitySubjectKind = QualitySubject['kind'];
export type QualityVerdict = NonNullable<QualityItem['verdict']>;
export type QualityPeriod = QualityMeeting['pack']['period'];

/** A rate or a yes/no share reads as a percentage; a score average as points. */
export function formatFigure(
  value: number | null,
  subject: Pick<QualitySubject, 'measure' | 'itemType'>,
): string {
  if (value === null) return '—';
  const share = subject.measure === 'fullySatisfiedRate' || subject.itemType !== 'score';
  return share ? `${(value * 100).toFixed(1)}%` : value.toFixed(2);
}

/** The store a quality page is about: `?store=` (a link from the HQ dashboard) or the switcher's. */
export function qualityStoreId(url: URL, switcherStoreId: string | undefined): string | null {
  const given = url.searchParams.get('store') ?? '';
  return /^[0-9a-f-]{36}$/i.test(given) ? given : (switcherStoreId ?? null);
}

/** Keeps `?store=` on links inside the quality pages. */
export const withStore = (path: string, url: URL) => {
  const store = url.searchParams.get('store');
  return store ? `${path}${path.includes('?') ? '&' : '?'}store=${encodeURIComponent(store)}` : path;
};

const itemStates = ['open', 'overdue', 'completed'] as const;

/**
 * The improvement items' filters as the API takes them (`state`, `month`), read from the
 * page's URL: the items page and its Excel export cut the same list.
 */
export function qualityItemsQuery(url: URL): {
  state: '' | (typeof itemStates)[number];
  month: string;
  query: string;
} {
  const given = url.searchParams.get('state') ?? '';
  const state = (itemStates as readonly string[]).includes(given)
    ? (given as (typeof itemStates)[number])
    : '';
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(url.searchParams.get('month') ?? '')
    ? (url.searchParams.get('month') as string)
    : '';
  const query = new URLSearchParams({ ...(state && { state }), ...(month && { month }) }).toString();
  return { state, month, query };
}
