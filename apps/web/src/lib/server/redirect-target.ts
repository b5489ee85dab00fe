/**
 * Where to send the user after logging in or switching language or store: only a path on
 * this site. Anything else — an absolute URL, a protocol-relative `//host`, a backslash
 * that browsers read as a slash — goes to the dashboard, so a crafted link cannot bounce a
 * freshly signed-in user to another site.
 */
export function safeRedirectTarget(value: string | null | undefined, fallback = '/'): string {
  if (!value?.startsWith('/')) return fallback;
  if (value.startsWith('//') || value.startsWith('/\\') || hasControlCharacter(value)) return fallback;
  return value;
}

// A newline or tab inside a Location header can split it or be stripped into `//host`.
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) < 0x20) return true;
  return false;
}
