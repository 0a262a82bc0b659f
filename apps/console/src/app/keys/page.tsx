import type { Metadata } from 'next';
import { graphql } from '@/gql';
import { request } from '@/lib/api';
import { requireSession } from '@/lib/auth';
import { KeyCreateForm } from '@/components/key-create-form';
import { KeyRateLimit } from '@/components/key-rate-limit';
import { KeyRevokeButton } from '@/components/key-revoke-button';
import { When } from '@/components/job-time';
import { EmptyState, PageProblem } from '@/components/panels';

export const metadata: Metadata = { title: 'API keys · Fewshot' };
export const dynamic = 'force-dynamic';

const KeysList = graphql(`
  query KeysList {
    apiKeys { id name role prefix createdAt lastUsedAt revokedAt rateLimitPerMinute rateLimit { perMinute per } refusedLastDay }
  }
`);

export default async function KeysPage() {
  const { session, forbidden } = await requireSession({ from: '/keys', role: 'ADMIN' });
  if (forbidden) return <PageProblem title="API keys" forbidden="API keys" />;
  let keys;
  try {
    keys = (await request(session, KeysList)).apiKeys;
  } catch (error) {
    return <PageProblem title="API keys" error={error} />;
  }
  const newestFirst = [...keys].reverse();
  const revoked = keys.filter((key) => key.revokedAt).length;
  return (
    <section>
      <h2>API keys</h2>
      <p className="subtitle">Who may call the api, and with which role. A key is shown once, when it is created; the list shows its first characters.
        Each key&apos;s requests are limited per minute, by its role unless it has a limit of its own: a frontend key ships in pages, so it
        is counted per visitor address; over the limit the api answers 429 with when to try again.</p>
      <div className="panel padded">
        <h3 className="first">Create a key</h3>
        <KeyCreateForm />
      </div>
      <div className="panel">
        {keys.length === 0 ? (
          <EmptyState title="No API keys yet">Create one above, or with npx fewshot keys create --role admin --name &quot;you&quot; on the api&apos;s machine.</EmptyState>
        ) : (
          <>
            <div className="table-wrap">
              <table className="keys-table">
                <caption className="visually-hidden">API keys, newest first</caption>
                <thead>
                  <tr><th>Key</th><th>Role</th><th>Rate limit</th><th>Last used</th><th>Status</th><th><span className="visually-hidden">Actions</span></th></tr>
                </thead>
                <tbody>
                  {newestFirst.map((key) => (
                    <tr key={key.id} className={key.revokedAt ? 'revoked' : undefined} data-testid={`key-${key.id}`}>
                      <td>
                        {key.name}{key.id === session.keyId ? <> <span className="tag">this session</span></> : null}
                        <span className="key-meta small"><code>{key.prefix}…</code> <span className="muted">created <When at={key.createdAt} /></span></span>
                      </td>
                      <td><span className="tag">{key.role.toLowerCase()}</span></td>
                      <td><KeyRateLimit revoked={key.revokedAt !== null} limit={{ id: key.id, name: key.name, own: key.rateLimitPerMinute ?? null, perMinute: key.rateLimit.perMinute ?? null, perAddress: key.rateLimit.per === 'KEY_AND_ADDRESS', refusedLastDay: key.refusedLastDay }} /></td>
                      <td><When at={key.lastUsedAt} empty="never" /></td>
                      <td>{key.revokedAt ? <span className="status failed">revoked <When at={key.revokedAt} /></span> : <span className="status active">valid</span>}</td>
                      <td>{key.revokedAt ? null : <KeyRevokeButton id={key.id} name={key.name} own={key.id === session.keyId} />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="pager">{keys.length.toLocaleString('en-US')} keys, {revoked.toLocaleString('en-US')} revoked, newest first</p>
          </>
        )}
      </div>
    </section>
  );
}
