import type { Database } from '@fewshot/db';
import { countItems, servableTop, type CountSpec, type CountedRanking, type ServableJudge, type ServableOptions } from './counted-ranking.ts';

/** How long a counted ranking is reused as it is: counts move by a few events in that time. */
export const COUNTED_RANKING_TTL_MS = 10_000;

interface Kept {
  ranking?: CountedRanking;
  /** When the kept ranking's count began (what it may miss is counted from then). */
  countedAt: number;
  recount?: Promise<CountedRanking>;
}

/**
 * The counts behind the lists of users without history (a version's choice of count) and of `popularItems`: one pass
 * over every event, 0.1–0.4 s of the embedded database on the demo catalog and seconds on a large one, while these
 * lists are the most common request (a shop's landing page, every visitor before their first event). A replica
 * counts each spec once per `ttlMs` and every request filters that ranking with items as they are now (`servableTop`:
 * the served catalog, or their rows), so however requests differ (their exclusions, genres, lengths) they share one
 * count, and an archived or edited item leaves the next list at once. A ranking older than `ttlMs` is recounted in
 * the background while requests keep using it, up to twice that age; an older one (nobody asked meanwhile) is
 * recounted before answering, and concurrent requests wait for the same count. So a list misses about the last `ttlMs` to `2 × ttlMs` of events.
 * `reuse: false` (FEWSHOT_RESULT_CACHE=0) counts for every request.
 */
export class CountedRankings {
  private readonly kept = new Map<string, Kept>();
  /** Requests answered from a kept ranking, and counts made (each a pass over the events). */
  hits = 0;
  misses = 0;

  constructor(private readonly db: Database, private readonly options: { reuse: boolean; ttlMs?: number; log?: (message: string) => void; now?: () => number }) {}

  /** The first `first` servable items by the spec's count (`judge`: see servableTop). */
  async top(spec: CountSpec, options: ServableOptions, judge?: ServableJudge): Promise<Array<{ itemId: number; count: number }>> {
    return servableTop(this.db, await this.ranking(spec), options, judge);
  }

  /** Rankings kept now (one per count a request asked for: the active version's, all-time, each window). */
  get size(): number {
    return [...this.kept.values()].filter((entry) => entry.ranking).length;
  }

  private async ranking(spec: CountSpec): Promise<CountedRanking> {
    if (!this.options.reuse) {
      this.misses++;
      return countItems(this.db, spec);
    }
    const ttl = this.options.ttlMs ?? COUNTED_RANKING_TTL_MS;
    const key = JSON.stringify(spec);
    const entry = this.kept.get(key) ?? { countedAt: 0 };
    this.kept.set(key, entry);
    const age = this.now() - entry.countedAt;
    if (entry.ranking && age < 2 * ttl) {
      this.hits++;
      if (age >= ttl && !entry.recount) {
        // Answered meanwhile from the kept ranking; a failed recount is logged, and the next request starts another.
        this.recount(spec, entry).catch((error: unknown) => this.options.log?.(`fewshot api: recounting ${key} failed (${error instanceof Error ? error.message : String(error)}); the next request past the reuse time tries again`));
      }
      return entry.ranking;
    }
    if (entry.recount) {
      this.hits++;
      return entry.recount;
    }
    return this.recount(spec, entry);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private recount(spec: CountSpec, entry: Kept): Promise<CountedRanking> {
    this.misses++;
    const startedAt = this.now();
    const recount = countItems(this.db, spec).then((ranking) => {
      entry.ranking = ranking;
      entry.countedAt = startedAt;
      return ranking;
    });
    entry.recount = recount;
    // Whatever the outcome, the next request after this one decides afresh.
    recount.then(() => undefined, () => undefined).finally(() => {
      if (entry.recount === recount) entry.recount = undefined;
    });
    return recount;
  }
}
