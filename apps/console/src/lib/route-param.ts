/**
 * A dynamic route segment as a page receives it, decoded once. Next.js hands pages their params still
 * percent-encoded (`a%40b` for `a@b`; route handlers get them decoded), and a malformed escape (`%E0%A4`) is kept
 * as typed, so the page answers "not found" instead of failing.
 */
export function routeParam(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
