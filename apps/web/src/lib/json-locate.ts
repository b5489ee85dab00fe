/**
 * Where each value of a JSON text sits, by the path the API reports issues with
 * (`rules[0].event.params.toDay`), so the editor can mark the line and select the value.
 * A small scanner of our own: JSON.parse gives no positions. Invalid text yields what was
 * scanned before the error.
 */
export interface JsonSpan {
  /** Offsets into the text: the value (or, for a missing key, its parent object). */
  from: number;
  to: number;
  /** 1-based line of `from`. */
  line: number;
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (identifier.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

export function locateJsonPaths(text: string): Map<string, { from: number; to: number }> {
  const spans = new Map<string, { from: number; to: number }>();
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string, depth: number): void => {
    if (depth > 64) throw new Error('too deep');
    ws();
    const from = i;
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      while (i < text.length && text[i] !== '}') {
        ws();
        if (text[i] !== '"') throw new Error('key expected');
        const key = string();
        ws();
        if (text[i] !== ':') throw new Error(': expected');
        i++;
        value(childPath(path, key), depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') throw new Error(', expected');
      }
      i++;
    } else if (c === '[') {
      i++;
      let index = 0;
      ws();
      while (i < text.length && text[i] !== ']') {
        value(childPath(path, index++), depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') throw new Error(', expected');
        ws();
      }
      i++;
    } else if (c === '"') {
      string();
    } else {
      while (i < text.length && /[^\s,\]}]/.test(text[i] as string)) i++;
      if (i === from) throw new Error('value expected');
    }
    spans.set(path, { from, to: i });
  };
  try {
    value('', 0);
  } catch {
    // Partial positions are still useful while the text is being typed.
  }
  return spans;
}

/** The span of `path`, or of its nearest ancestor that exists (a missing key points at its object). */
export function locateJsonPath(text: string, path: string, spans = locateJsonPaths(text)): JsonSpan | null {
  let current = path;
  for (;;) {
    const span = spans.get(current);
    if (span) return { ...span, line: text.slice(0, span.from).split('\n').length };
    if (current === '') return null;
    const cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
    current = cut <= 0 ? '' : current.slice(0, cut);
  }
}
