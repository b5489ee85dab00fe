// Money is integer fen everywhere in the API; staff read and type yuan.

/** 1234567 fen → "¥12,345.67", in the UI language's digit grouping. */
export function formatYuan(fen: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', currencyDisplay: 'symbol' })
    .format(fen / 100)
    .replace('CN¥', '¥');
}

/**
 * What staff typed in a yuan field ("120", "120.5", "1,200.00", "￥35") as integer fen. Text
 * that is not an amount comes back as NaN, which the API refuses with the field's path —
 * so the message lands beside the field that was mistyped.
 */
export function fenFromYuan(text: string): number {
  const cleaned = text.replace(/[,，\s¥￥]/g, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(cleaned)) return Number.NaN;
  const [whole = '0', part = ''] = cleaned.replace('-', '').split('.');
  const fen = Number(whole) * 100 + Number(part.padEnd(2, '0'));
  return cleaned.startsWith('-') ? -fen : fen;
}
