/**
 * How an SMS is billed and cut: one message holds 70 characters (Chinese text is sent as
 * UCS-2, and we count every message that way, ASCII or not, as the gateways of Chinese
 * carriers do); a longer text is sent as concatenated parts of 67 characters each (three
 * go to the header that joins them). Characters are code points: an emoji counts once.
 */
export const singleSegmentChars = 70;
export const concatenatedSegmentChars = 67;

/** The number of billed parts of `text` (signature included). */
export function segmentCount(text: string): number {
  const length = [...text].length;
  if (length <= singleSegmentChars) return 1;
  return Math.ceil(length / concatenatedSegmentChars);
}

/**
 * The text as the customer reads it: the store's signature in 【】 first, as carriers
 * require for a registered signature. A text that already starts with it is left alone.
 *
 * @example
 * withSignature('您的爱车已保养完毕', '六安鑫宝'); // '【六安鑫宝】您的爱车已保养完毕'
 */
export function withSignature(text: string, signature: string): string {
  const name = signature.trim().replace(/^【|】$/g, '');
  if (!name) return text;
  const mark = `【${name}】`;
  return text.startsWith(mark) ? text : `${mark}${text}`;
}
