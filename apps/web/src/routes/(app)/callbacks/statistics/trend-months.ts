/** The twelve months (YYYY-MM) ending with `month`, oldest first: the span of the trend chart. */
export function twelveMonthsTo(month: string): string[] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) =>
    new Date(Date.UTC(year, m - 12 + i, 1)).toISOString().slice(0, 7),
  );
}
