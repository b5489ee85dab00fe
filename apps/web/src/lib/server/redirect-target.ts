/**
 * Where to send the user after logging in or switching language or store: only a path on
 * this site. Anything else — an absolute URL, a protocol-relative `//host`, a backslash
 * that browsers read as a slash — goes to the dashboard, so a crafted link cannot bounce a
 * freshly signed-in user to another site.
 */
export function safeRedirectTarget(value: string | null | undefined, fallback = '/'): string {
  if (!value || !value.startsWith('/')) return fallback;
  if (value.startsWith('//') || value.startsWith('/\\') || /[\u0000-\u001f]/.test(value)) return fallback;
  return value;
}
