/** GraphQL over HTTP, as a frontend would send it. */
export async function postGraphQL<T = Record<string, unknown>>(url: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  return { status: response.status, ...body };
}
