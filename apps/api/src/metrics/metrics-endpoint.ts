import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { sendJsonError } from '../json-response.ts';
import type { ApiMetrics } from './api-metrics.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * `GET /metrics` for Prometheus, with `Authorization: Bearer <FEWSHOT_METRICS_TOKEN>`. The api faces browsers (the
 * frontends' keys are public by nature), so the metrics need a secret of their own: without a token configured the
 * endpoint is off and says how to turn it on; a wrong or missing token is refused. Compared as sha256 digests in
 * constant time, like API keys.
 */
export function metricsEndpoint(served: { metrics: ApiMetrics; token: string } | undefined): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  const expected = served && digest(served.token);
  return async (req, res) => {
    if (!served || !expected) return sendJsonError(res, 404, 'NOT_FOUND', 'metrics are off: set FEWSHOT_METRICS_TOKEN (16 characters or more) on the api and scrape /metrics with the header "Authorization: Bearer <token>"');
    const sent = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    if (!sent || !timingSafeEqual(digest(sent), expected)) {
      return sendJsonError(res, 401, 'UNAUTHENTICATED', sent ? 'the metrics token is not the one configured (FEWSHOT_METRICS_TOKEN)' : 'the metrics need "Authorization: Bearer <FEWSHOT_METRICS_TOKEN>"', { 'www-authenticate': 'Bearer realm="fewshot metrics"' });
    }
    const text = await served.metrics.text();
    res.writeHead(200, { 'content-type': served.metrics.contentType, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
}
