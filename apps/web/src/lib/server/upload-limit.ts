/**
 * The largest request body the web server takes, in bytes, read from adapter-node's own
 * `BODY_SIZE_LIMIT` (default 512K; K, M, G suffixes; `Infinity` for none). A larger upload
 * is refused by the server before any page code runs, so the wizard checks the file's size
 * first and says so in words; null = no limit.
 *
 * @example
 * uploadLimitBytes('20M'); // 20971520
 */
export function uploadLimitBytes(value: string | undefined): number | null {
  const text = (value ?? '').trim() || '512K';
  if (text === 'Infinity') return null;
  const multiplier = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[text.slice(-1).toUpperCase()] ?? 1;
  const amount = Number(multiplier === 1 ? text : text.slice(0, -1));
  return Number.isFinite(amount) && amount > 0 ? amount * multiplier : null;
}
