import type { ApolloServerPlugin } from '@apollo/server';

/**
 * What a browser sees at GET /graphql: a page that works offline. Apollo's default landing page loads Sandbox from
 * Apollo's CDN ("Sandbox cannot be loaded; you might be offline" on a closed network), so this one references
 * nothing outside this server: no external URL, inline style and script only.
 */
export const LANDING_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fewshot GraphQL API</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
  textarea, pre { width: 100%; box-sizing: border-box; font: 13px/1.4 ui-monospace, monospace; }
  textarea { height: 9rem; } pre { background: #f4f4f6; padding: .75rem; overflow: auto; min-height: 3rem; }
  code { background: #f4f4f6; padding: 0 .25rem; }
</style>
</head>
<body>
<h1>Fewshot GraphQL API</h1>
<p>This is the GraphQL endpoint. Send queries with <code>POST</code> and <code>content-type: application/json</code>
(<code>{"query": "…", "variables": {…}}</code>), or with <code>GET ?query=…</code>. The schema is introspectable;
the server's health is at <a href="/health">/health</a>.</p>
<form id="run">
<label for="query">Query</label>
<textarea id="query" name="query" spellcheck="false">{
  health { status database catalog { users items interactions } }
  items(first: 5) { totalCount nodes { id title genres year } }
}</textarea>
<label for="key">API key (sent as <code>x-api-key</code>, optional)</label>
<input id="key" name="key" type="password" autocomplete="off">
<button type="submit">Run</button>
</form>
<pre id="result" aria-live="polite"></pre>
<p>From a shell: <code>curl -s -H 'content-type: application/json' -d '{"query":"{ health { status } }"}' <span id="endpoint">/graphql</span></code></p>
<script>
  document.getElementById('endpoint').textContent = location.origin + location.pathname;
  document.getElementById('run').addEventListener('submit', async (event) => {
    event.preventDefault();
    const out = document.getElementById('result');
    const key = document.getElementById('key').value;
    out.textContent = '…';
    try {
      const response = await fetch(location.pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
        body: JSON.stringify({ query: document.getElementById('query').value }),
      });
      out.textContent = 'HTTP ' + response.status + '\\n' + JSON.stringify(await response.json(), null, 2);
    } catch (error) {
      out.textContent = String(error);
    }
  });
</script>
</body>
</html>
`;

/** Replaces Apollo's landing page (which needs the internet) with LANDING_PAGE_HTML. */
export function offlineLandingPage(): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return { async renderLandingPage() { return { html: LANDING_PAGE_HTML }; } };
    },
  };
}
