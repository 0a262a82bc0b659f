import type { IncomingHttpHeaders } from 'node:http';
import type { Database } from '@fewshot/db';
import type { DataChange } from '../serving/change-feed.ts';
import { InvalidationClock } from '../serving/invalidation-clock.ts';
import { hashApiKey, looksLikeApiKey } from './api-key.ts';
import { presentedApiKey, verifyApiKey, type ApiKeyIdentity } from './authenticate.ts';

export interface KeyCacheOptions {
  /** How long a verified key is trusted without asking the database again while no change notification arrives. */
  ttlMs: number;
  /**
   * How long it is trusted while the database's notifications arrive and the request passed its barrier: any access
   * change committed before the request has then reached this process. Past it the key is looked up again, which
   * also keeps its last-used hint (one write a minute) moving.
   */
  followedTtlMs?: number;
  /** Keys remembered at most (the oldest go first). */
  maxEntries?: number;
}

/** The request's barrier (Serving.requestBarrier): true once every change committed before it has been applied. */
export type RequestBarrier = () => Promise<boolean>;

/**
 * The api's per-request key check, remembering each valid key: on the embedded database every query runs on the
 * request thread, and one lookup per request halved the floor's throughput (about 900 against 2,000–4,500
 * requests/s, `{ __typename }` at 32 connections). The database notifies every replica when a key's access changes
 * (prisma/migrations/…_api_key_notifications): a key revoked anywhere (this process, another replica, the CLI,
 * SQL) is forgotten here when that notification arrives, and a request that passed its barrier sees every
 * revocation committed before it, so it is refused at once. While notifications may be missed (no listener, or
 * it lost its connection: everything kept is forgotten then) a key is trusted for `ttlMs` only.
 * Unknown and revoked keys are never remembered, so they always cost a lookup and never linger as valid.
 */
export class KeyCache {
  private readonly entries = new Map<string, { identity: ApiKeyIdentity; verifiedAt: number }>();
  private readonly clock = new InvalidationClock();

  constructor(private readonly db: Database, private readonly options: KeyCacheOptions) {}

  async authenticate(headers: IncomingHttpHeaders, barrier?: RequestBarrier): Promise<ApiKeyIdentity | null> {
    const key = presentedApiKey(headers);
    if (key === undefined || !looksLikeApiKey(key)) return null;
    const hash = hashApiKey(key);
    if (this.entries.has(hash)) {
      const followed = barrier ? await barrier() : false;
      // Read after the barrier: a revocation it brought in has removed the entry by now.
      const hit = this.entries.get(hash);
      const trustedFor = followed ? (this.options.followedTtlMs ?? 60_000) : this.options.ttlMs;
      if (hit && Date.now() - hit.verifiedAt < trustedFor) return hit.identity;
      this.entries.delete(hash);
    }
    const start = this.clock.now();
    const identity = await verifyApiKey(this.db, key);
    // A change to this key that arrived while it was being read may postdate the read: do not keep that answer.
    if (identity && this.clock.unchangedSince(start, identity.keyId)) {
      this.entries.set(hash, { identity, verifiedAt: Date.now() });
      // Map order is insertion order: the first entry is the oldest.
      while (this.entries.size > (this.options.maxEntries ?? 10_000)) this.entries.delete(this.entries.keys().next().value!);
    }
    return identity;
  }

  /** A change notification (Serving.follow): forgets the keys whose access changed. */
  change(change: DataChange): void {
    if (change.table !== 'api_keys') return;
    if (change.ids === 'all') return this.reset();
    this.clock.invalidate(change.ids);
    for (const id of change.ids) this.forget(id);
  }

  /** Notifications may have been missed: forget every key. */
  reset(): void {
    this.clock.invalidateAll();
    this.entries.clear();
  }

  /** Forgets a key (it was just revoked here): its next request is checked against the database. */
  forget(keyId: number): void {
    for (const [hash, entry] of this.entries) if (entry.identity.keyId === keyId) this.entries.delete(hash);
  }
}
