// The quality API's views as the pages read them (apps/api routes/quality.ts, core quality/schema.ts).

export type QualitySubjectKind = 'questionnaireItem' | 'salesConsultant' | 'serviceAdvisor' | 'repairTeam';
export type QualityVerdict = 'improved' | 'notImproved' | 'noData';

export interface QualitySubject {
  key: string;
  kind: QualitySubjectKind;
  callbackType: 'sales' | 'afterSales';
  itemId: string | null;
  itemType: 'score' | 'yesNo' | 'threeWay' | null;
  personId: string | null;
  label: string;
  measure: 'average' | 'fullySatisfiedRate';
}

export interface QualityPackEntry extends QualitySubject {
  figure: number | null;
  answered: number;
  previousFigure: number | null;
  previousAnswered: number;
  weakBelow: number;
  weak: boolean;
  previousWeak: boolean;
}

export interface QualityPeriod {
  month: string;
  from: string;
  to: string;
}

export interface QualityMeetingSummary {
  id: string;
  storeId: string;
  month: string;
  from: string;
  to: string;
  preparedAt: string;
  heldOn: string | null;
  weakCount: number;
  itemCount: number;
}

export interface QualityItemFigure {
  offset: number;
  month: string;
  from: string;
  to: string;
  figure: number | null;
  answered: number;
  verdict: QualityVerdict | null;
  filledAt: string;
}

export interface QualityItem {
  id: string;
  storeId: string;
  meetingId: string;
  month: string;
  subject: QualitySubject;
  cause: string;
  measures: string;
  owner: { id: string; name: string };
  dueOn: string;
  completedOn: string | null;
  completionNote: string;
  overdue: boolean;
  figures: QualityItemFigure[];
  verdict: QualityVerdict | null;
  createdAt: string;
}

export interface QualityMeeting {
  meeting: QualityMeetingSummary & {
    attendees: string[];
    minutes: string;
    recordedBy: { id: string; name: string } | null;
    recordedAt: string | null;
  };
  pack: { period: QualityPeriod; previous: QualityPeriod; entries: QualityPackEntry[] };
  items: QualityItem[];
  people: { id: string; name: string }[];
}

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
