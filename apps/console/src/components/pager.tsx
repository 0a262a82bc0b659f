/** Forward-only pagination with the api's opaque cursors; the current query string is kept. */
export function Pager({ shown, total, nextHref }: { shown: number; total: number; nextHref: string | null }) {
  return (
    <div className="pager">
      <span>
        {shown} shown of {total.toLocaleString('en-US')}
      </span>
      {nextHref ? <a href={nextHref}>Next page →</a> : <span>End of list</span>}
    </div>
  );
}
