const dimensions = ['salesConsultant', 'serviceAdvisor', 'repairTeam'] as const;

/** The statistics page's query: a dimension and a month (this month by default), cleaned. */
export function statisticsQuery(url: URL): URLSearchParams {
  const by = url.searchParams.get('by');
  const month = url.searchParams.get('month');
  return new URLSearchParams({
    by: dimensions.find((d) => d === by) ?? 'salesConsultant',
    month: month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : new Date().toISOString().slice(0, 7),
  });
}
