/**
 * What a customer's SMS reply means. The SMS survey asks for a score from 1 to 10
 * (请回复1-10分(10分为非常满意)); people answer with a number, a number with 分 inside a
 * sentence, a Chinese numeral, or a word, and some ask to stop messages in the same breath.
 * The mapping, one place for the product and its documentation:
 *
 * - Opt-out (退订), honoured whatever else the reply says: `退订`, `取消`, `拒收`,
 *   `不要再发`, `别再发` anywhere, `TD` as a word anywhere (`10分 TD`, not `ATDX`), and
 *   `T`, `N`, `退` as the whole reply. The rest of the reply is still read for a score:
 *   `10分 退订` is a 10 and an opt-out.
 * - A score, as the whole reply: a whole number 0–10, optionally with 分 (`10`, `９分`,
 *   `8 分`); a Chinese numeral 零…十, optionally with 分 (`十分`, `九分`, `八`); `满分` (10).
 * - A score inside a sentence, when it is the only one: `给个8分吧`, `10分，服务很好`,
 *   `6分 等太久了`, `满分！`, `九分吧`. Not a score: 分钟/分钱 (`等了40分钟`), a clock time
 *   (`8点30分`), and 十分 before a word, where it means "very" (`十分感谢`).
 * - Satisfaction words, as the whole reply, on the survey's own scale (its text defines
 *   10分 as 非常满意): `十分满意`/`非常满意`/`很满意` → 10; `满意` → 9;
 *   `比较满意`/`还行`/`还可以`/`基本满意` → 7; `一般` → 6; `不满意` → 3;
 *   `十分不满意`/`非常不满意`/`很不满意`/`差` → 1. So `十分满意` is read as "very satisfied"
 *   (the top of the scale), never as the number 十分 with a word after it, and
 *   `十分不满意` is 1, not 10.
 * - Anything else is unclear and flagged for a person; a score is never guessed: two
 *   scores (`8分或9分`), a score beside another number (`1到10分`, `10分，等了40分钟`), a
 *   number out of range (`100`, `11分`), a bare number inside a sentence (`太贵了 5`), a
 *   question (`10分吗？`), a negation (`不是十分满意`), a complaint.
 *
 * Full-width digits and letters are read as half-width; surrounding spaces and
 * punctuation are ignored.
 */
export interface ReplyMeaning {
  /** The customer asks for no more reminders or marketing messages. */
  optOut: boolean;
  /** The score the reply gives (0–10), or null. */
  score: number | null;
  /** True when the reply says something that may be a score but cannot be read as one: a person reads it. */
  unclear: boolean;
}

const optOutAnywhere = /退订|取消|拒收|不要再发|别再发|(?<![A-Z])TD(?![A-Z])/giu;
const optOutWhole = new Set(['T', 'N', '退']);

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

// Compared with the whole reply, so 很不满意 is never read as 不满意 or 满意.
const words = new Map<string, number>([
  ['十分不满意', 1],
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
  ['满分', 10],
]);

// The particles a score may carry and still stand alone: 九分吧, 十分啊.
const particles = '吧呢啊呀哦嘛了的哈';
const punctuation = /^[\s,，.。!！~～、;；:：…]+|[\s,，.。!！~～、;；:：…]+$/gu;

/**
 * Score mentions inside a sentence: digits with 分 (not 分钟/分钱, not after 点 or 时 as in
 * a clock time), a Chinese numeral with 分 (十分 only when no word follows: before one it
 * means "very"), and 满分.
 */
const mentions =
  /(?<![\d.点时])(\d{1,3})\s*分(?![钟钱])|(?<![零一二两三四五六七八九十百千点时])([零一二两三四五六七八九十])分(?![钟钱])|满分/gu;

function normalize(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(punctuation, '');
}

/** The score of a reply that is nothing but a score, or undefined. */
function wholeScore(reply: string): number | null | undefined {
  const numeric = /^(\d{1,3})\s*分?$/.exec(reply);
  if (numeric) {
    const score = Number(numeric[1]);
    return score <= 10 ? score : null;
  }
  const numeral = /^([零一二两三四五六七八九十])分?$/u.exec(reply);
  if (numeral) return chineseNumerals[numeral[1] as string] as number;
  return words.get(reply);
}

/** The one score a sentence gives, null when it gives none or more than one thing that could be one. */
function scoreInSentence(reply: string): number | null {
  if (/[?？吗]/u.test(reply)) return null;
  const found: { score: number; at: number; length: number }[] = [];
  for (const m of reply.matchAll(mentions)) {
    const at = m.index;
    const length = m[0].length;
    if (m[2] === '十') {
      // 十分 followed by a word is "very" (十分感谢, 十分满意), not a score.
      const next = reply[at + length];
      if (next !== undefined && /\p{Script=Han}/u.test(next) && !particles.includes(next)) continue;
    }
    const score = m[1] !== undefined ? Number(m[1]) : m[2] !== undefined ? chineseNumerals[m[2]] : 10;
    if (score === undefined) continue;
    found.push({ score, at, length });
  }
  const [only] = found;
  if (found.length !== 1 || !only || only.score > 10) return null;
  // Any other number beside the score (1到10分, 等了40分钟) leaves it open.
  const rest = reply.slice(0, only.at) + reply.slice(only.at + only.length);
  if (/\d/.test(rest)) return null;
  return only.score;
}

/**
 * Reads a reply. Pure: the caller records the result and flags `unclear` for a person.
 *
 * @example
 * replyMeaning('给个8分吧'); // { optOut: false, score: 8, unclear: false }
 * replyMeaning('10分 退订'); // { optOut: true, score: 10, unclear: false }
 */
export function replyMeaning(text: string): ReplyMeaning {
  const reply = normalize(text);
  if (optOutWhole.has(reply.toUpperCase())) return { optOut: true, score: null, unclear: false };
  const said = normalize(reply.replace(optOutAnywhere, ' '));
  const optOut = said !== reply;
  const whole = wholeScore(said);
  if (whole !== undefined) return { optOut, score: whole, unclear: whole === null };
  const score = scoreInSentence(said);
  if (score !== null) return { optOut, score, unclear: false };
  // An opt-out with a thank-you is only an opt-out; one with a number or a verdict beside it is read by a person.
  return { optOut, score: null, unclear: !optOut || /\d|分|满意/u.test(said) };
}
