/**
 * What a customer's SMS reply means. The SMS survey asks for a score from 1 to 10
 * (请回复1-10分); people answer with a number, a number with 分, a Chinese numeral, or a
 * word. The mapping, one place for the product and its documentation:
 *
 * - Opt-out (退订): `TD`, `T`, `N`, `退订`, `退`, `取消`, `不要再发`, `拒收` — nothing but
 *   transactional messages reach them afterwards.
 * - A score: a whole number 0–10 alone, optionally followed by 分 (`10`, `9分`, `１０`,
 *   `8 分`), or a Chinese numeral 零…十 with or without 分 (`十分`, `九分`, `八`).
 *   `十分满意`/`非常满意`/`很满意` → 10; `满意` → 9; `比较满意`/`还行`/`还可以`/`基本满意`
 *   → 7; `一般` → 6; `不满意` → 3; `很不满意`/`非常不满意`/`差` → 1.
 * - Anything else — two different numbers (`8或9`), a number out of range (`100`), a number
 *   inside a sentence, a question, a complaint — is unclear and flagged for a person; a
 *   score is never guessed.
 *
 * Full-width digits and letters are read as half-width; surrounding spaces and trailing
 * punctuation (。！!～~.) are ignored.
 */
export type ReplyMeaning =
  | { meaning: 'optOut' }
  | { meaning: 'score'; score: number }
  | { meaning: 'unclear' };

const optOutWords = new Set(['TD', 'T', 'N', '退订', '退', '取消', '不要再发', '拒收', '退订短信']);

const chineseNumerals: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

// Longest phrases first: 很不满意 must not be read as 不满意 or 满意.
const words: [string, number][] = [
  ['非常不满意', 1],
  ['很不满意', 1],
  ['十分满意', 10],
  ['非常满意', 10],
  ['很满意', 10],
  ['比较满意', 7],
  ['基本满意', 7],
  ['不满意', 3],
  ['满意', 9],
  ['还可以', 7],
  ['还行', 7],
  ['一般', 6],
  ['差', 1],
];

function normalize(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim()
    .replace(/[。！!～~.，,]+$/u, '')
    .trim();
}

/**
 * Reads a reply. Pure: the caller records the result and flags `unclear` for a person.
 *
 * @example
 * replyMeaning('9分'); // { meaning: 'score', score: 9 }
 * replyMeaning('退订'); // { meaning: 'optOut' }
 */
export function replyMeaning(text: string): ReplyMeaning {
  const reply = normalize(text);
  if (optOutWords.has(reply.toUpperCase())) return { meaning: 'optOut' };
  const numeric = /^(\d{1,2})\s*分?$/.exec(reply);
  if (numeric) {
    const score = Number(numeric[1]);
    return score <= 10 ? { meaning: 'score', score } : { meaning: 'unclear' };
  }
  const numeral = /^([零一二两三四五六七八九十])分?$/u.exec(reply);
  if (numeral) return { meaning: 'score', score: chineseNumerals[numeral[1] as string] as number };
  for (const [word, score] of words) {
    if (reply === word) return { meaning: 'score', score };
  }
  return { meaning: 'unclear' };
}
