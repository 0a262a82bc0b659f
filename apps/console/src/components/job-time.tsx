/**
 * A moment as people read it, the same on the server and in the browser (no locale or time zone of either):
 * "2026-12-02 12:42:05 UTC", in a <time> element carrying the exact instant. Shared by the jobs, schedules and keys pages.
 */
export function formatMoment(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function When({ at, empty = '—' }: { at: string | null | undefined; empty?: string }) {
  if (!at) return <span className="muted">{empty}</span>;
  return <time dateTime={at}>{formatMoment(at)}</time>;
}
