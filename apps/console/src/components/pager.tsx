import Link from 'next/link';

export interface PagerProps {
  /** 1-based position of the first row shown, the number shown, and the total. */
  from: number;
  shown: number;
  total: number;
  prevHref: string | null;
  nextHref: string | null;
  /** What the rows are, for the position line ("items", "events"). */
  noun: string;
}

/** Previous and next pages with where this one is: "51–100 of 9,066 items". */
export function Pager({ from, shown, total, prevHref, nextHref, noun }: PagerProps) {
  const position = shown === 0 ? `0 of ${total.toLocaleString('en-US')} ${noun}` : `${from.toLocaleString('en-US')}–${(from + shown - 1).toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${noun}`;
  return (
    <nav className="pager" aria-label="Pages">
      {prevHref ? <Link href={prevHref} rel="prev">← Previous</Link> : <span className="disabled" aria-disabled="true">← Previous</span>}
      <span data-testid="pager-position">{position}</span>
      {nextHref ? <Link href={nextHref} rel="next">Next →</Link> : <span className="disabled" aria-disabled="true">Next →</span>}
    </nav>
  );
}

/**
 * Cursor pages with a way back: the URL keeps the cursors of the pages before this one (`trail`), so Previous is a
 * link like any other and a page can be bookmarked.
 */
export function cursorPages(base: URLSearchParams, trail: string[], endCursor: string | null, hasNextPage: boolean, pageSize: number, path: string) {
  const href = (cursors: string[]) => {
    const params = new URLSearchParams(base);
    params.delete('after');
    params.delete('trail');
    if (cursors.length > 0) {
      params.set('after', cursors.at(-1)!);
      if (cursors.length > 1) params.set('trail', cursors.slice(0, -1).join(' '));
    }
    const query = params.toString();
    return query ? `${path}?${query}` : path;
  };
  return {
    from: trail.length * pageSize + 1,
    /** The list's first page with the same filters (where an emptied page sends people back to). */
    firstHref: href([]),
    prevHref: trail.length > 0 ? href(trail.slice(0, -1)) : null,
    nextHref: hasNextPage && endCursor ? href([...trail, endCursor]) : null,
  };
}

/** The cursors of the current page (`after`) and the pages before it (`trail`), from the query string. */
export function readTrail(params: Record<string, string | string[] | undefined>): string[] {
  const after = typeof params.after === 'string' && params.after ? params.after : null;
  const trail = typeof params.trail === 'string' && params.trail ? params.trail.split(' ').filter(Boolean) : [];
  return after ? [...trail, after] : [];
}

/** The most rows a page may ask the api for (its lists take `first` from 1 to 100). */
const MAX_PAGE_SIZE = 100;

/**
 * The page size the query string asks for (`size`), clamped to 1–100 so a hand-edited URL still gets a page rather
 * than the api's refusal; `fallback` when it asks for none, or for something that is not a number.
 */
export function readPageSize(params: Record<string, string | string[] | undefined>, fallback: number): number {
  const raw = typeof params.size === 'string' && params.size.trim() !== '' ? Number(params.size) : Number.NaN;
  if (!Number.isFinite(raw)) return fallback;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(raw)));
}
