/** The month a report page shows: `?month=YYYY-MM` when well formed, this month otherwise. */
export function monthOf(url: URL): string {
  const month = url.searchParams.get('month');
  return month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : new Date().toISOString().slice(0, 7);
}
