import type http from 'node:http';

/** A JSON answer outside GraphQL (health, and refusals below): never kept by a shared cache. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** A refusal outside GraphQL, shaped as GraphQL errors are (`errors[0].message`, `extensions.code`), so clients read both alike. */
export function sendJsonError(res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] }, headers);
}
