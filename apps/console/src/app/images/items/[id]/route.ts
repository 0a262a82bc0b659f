import { consoleEnv } from '@/lib/env';
import { currentSession } from '@/lib/session';

export const dynamic = 'force-dynamic';

const PASSED_HEADERS = ['content-type', 'content-length', 'etag', 'cache-control', 'last-modified', 'retry-after'];

/**
 * An item's image, through the console: the browser may not reach the api, so this asks the api's
 * `/images/items/<id>` (on the origin of FEWSHOT_API_URL) and passes its status, type, ETag and Cache-Control on.
 * Only for a signed-in person, whose key goes with it: the api counts images sent without a key per address, and
 * every person's come from this one server. An If-None-Match is forwarded, so a cached image is revalidated with a 304.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const session = await currentSession();
  if (!session) return Response.json({ error: 'Sign in to see item images.' }, { status: 401 });
  const { id } = await params;
  const url = new URL(`/images/items/${encodeURIComponent(id)}`, consoleEnv.apiUrl);
  const ifNoneMatch = request.headers.get('if-none-match');
  let upstream: Response;
  try {
    upstream = await fetch(url, { headers: { authorization: `Bearer ${session.key}`, ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}) }, cache: 'no-store', redirect: 'manual' });
  } catch {
    return Response.json({ error: `The api at ${url.origin} does not answer.` }, { status: 502 });
  }
  // An imported http(s) image reference is a redirect: the browser follows it itself.
  if (upstream.status >= 300 && upstream.status < 400 && upstream.status !== 304) {
    const location = upstream.headers.get('location');
    return location ? Response.redirect(new URL(location, url), upstream.status) : new Response(null, { status: 404 });
  }
  if (upstream.status === 404) return Response.json({ error: 'This item has no image.' }, { status: 404 });
  const headers = new Headers();
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(upstream.status === 304 ? null : upstream.body, { status: upstream.status, headers });
}
