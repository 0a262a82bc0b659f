import type { IncomingHttpHeaders } from 'node:http';
import type { Database } from '@fewshot/db';
import { hashApiKey, looksLikeApiKey } from './api-key.ts';
import { presentedApiKey, verifyApiKey, type ApiKeyIdentity } from './authenticate.ts';

export interface KeyCacheOptions {
  /** How long a verified key is trusted without asking the database again. */
  ttlMs: number;
  /** Keys remembered at most (the oldest go first). */
  maxEntries?: number;
}

/**
 * The api's per-request key check, remembering each valid key for `ttlMs` (2 s by default): on the embedded
 * database every query runs on the request thread, and one lookup per request halved the floor's throughput
 * (about 900 against 2,000–4,500 requests/s, `{ __typename }` at 32 connections). A key revoked through this
 * process is forgotten at once; one revoked elsewhere (the CLI, another replica) is refused within `ttlMs`.
 * Unknown and revoked keys are never remembered, so they always cost a lookup and never linger as valid.
 */
export class KeyCache {
  private readonly entries = new Map<string, { identity: ApiKeyIdentity; until: number }>();

  constructor(private readonly db: Database, private readonly options: KeyCacheOptions) {}

  async authenticate(headers: IncomingHttpHeaders): Promise<ApiKeyIdentity | null> {
    const key = presentedApiKey(headers);
    if (key === undefined || !looksLikeApiKey(key)) return null;
    const hash = hashApiKey(key);
    const hit = this.entries.get(hash);
    if (hit && hit.until > Date.now()) return hit.identity;
    this.entries.delete(hash);
    const identity = await verifyApiKey(this.db, key);
    if (identity) {
      this.entries.set(hash, { identity, until: Date.now() + this.options.ttlMs });
      // Map order is insertion order: the first entry is the oldest.
      while (this.entries.size > (this.options.maxEntries ?? 10_000)) this.entries.delete(this.entries.keys().next().value!);
    }
    return identity;
  }

  /** Forgets a key (it was just revoked here): its next request is checked against the database. */
  forget(keyId: number): void {
    for (const [hash, entry] of this.entries) if (entry.identity.keyId === keyId) this.entries.delete(hash);
  }
}
