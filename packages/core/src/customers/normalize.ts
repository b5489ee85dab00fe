/**
 * DMS exports and hand-kept spreadsheets mix full-width and half-width characters
 * (１３８…, Ａ, （）, the ideographic space). Folding them first lets one pattern check
 * every field, whichever keyboard typed it.
 */
export function halfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** Half-width, trimmed, inner runs of spaces collapsed; empty becomes null. */
export function cleanText(text: string | null | undefined): string | null {
  if (text == null) return null;
  const cleaned = halfWidth(text).trim().replace(/\s+/g, ' ');
  return cleaned === '' ? null : cleaned;
}
