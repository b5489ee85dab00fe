export type SortDirection = 'ascending' | 'descending';
export type SortValue = string | number | boolean | null | undefined;

/**
 * Client-side sorting for the short admin tables (all rows are on the page). Text is
 * compared with the UI language's collation, so Chinese names sort by pinyin under zh-CN.
 */
export class TableSort<Key extends string> {
  key: Key = $state() as Key;
  direction: SortDirection = $state('ascending');

  constructor(initial: Key) {
    this.key = initial;
  }

  toggle(key: Key): void {
    if (this.key === key) {
      this.direction = this.direction === 'ascending' ? 'descending' : 'ascending';
    } else {
      this.key = key;
      this.direction = 'ascending';
    }
  }

  directionOf(key: Key): SortDirection | undefined {
    return this.key === key ? this.direction : undefined;
  }

  apply<Row>(rows: readonly Row[], sortValue: (row: Row, key: Key) => SortValue, locale: string): Row[] {
    const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
    const sign = this.direction === 'ascending' ? 1 : -1;
    const key = this.key;
    return [...rows].sort((a, b) => sign * compare(sortValue(a, key), sortValue(b, key), collator));
  }
}

function compare(a: SortValue, b: SortValue, collator: Intl.Collator): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  return a < b ? -1 : 1;
}
