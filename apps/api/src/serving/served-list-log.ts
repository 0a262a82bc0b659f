import type { Database } from '@fewshot/db';
import type { RecommendationPath } from './recommend.ts';

/** One list answered to a known user's frontend (served_lists). */
export interface ServedListEntry {
  /** The user's database id. */
  userId: number;
  /** The version that ranked it; null when counts served it while no version was active. */
  modelVersionId: number | null;
  path: RecommendationPath;
  /** The user's events when it was served. */
  historyLength: number;
  /** The listed items' database ids, best first. */
  itemIds: readonly number[];
  /** Those of them new to the version (added after its training, or without events in it; none when absent). */
  newItemIds?: readonly number[];
  servedAt: Date;
}

export interface ServedListLogOptions {
  /** Share of lists recorded, 0 to 1 (0: none). Sampled per list. */
  sample: number;
  /** Days a list is kept: older ones are deleted after a write, at most once an hour per process. */
  retentionDays: number;
  /** How long a list waits in memory before its batch is written. */
  flushMs?: number;
  /** Lists waiting at most; beyond it new ones are dropped (counted) rather than the process's memory growing. */
  maxPending?: number;
  /** Users whose last recorded list is remembered, to leave out the same list shown again (oldest forgotten first). */
  rememberUsers?: number;
  log?: (message: string) => void;
  random?: () => number;
}

/** What the log did since the process started. */
export interface ServedListCounters {
  recorded: number;
  /** Lists not recorded because they repeated the user's last recorded one (the same page shown again, by this process or another). */
  repeated: number;
  /** Lists not recorded: more were waiting than `maxPending`, or their batch could not be written. */
  dropped: number;
  pending: number;
}

const BATCH = 500;
/** PostgreSQL's foreign_key_violation: a user or version deleted between a statement's existence check and its insert. */
const FOREIGN_KEY_VIOLATION = '23503';
/**
 * The same list shown to the same user again within this long is the list they already had, not another one: a page
 * reloaded, a kept answer served again. Counting each showing would make a list seen five times and followed once
 * read as 20% followed, and would write a row for every page view.
 */
export const REPEAT_MS = 30 * 60_000;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Records the lists served to known users, for recommendationOutcomes, without making a request wait on a write:
 * `record` only queues the list, and one batch insert per second (or per 500 lists) writes what queued. The same list
 * shown to the same user again within REPEAT_MS is not another list: remembered per process (for the last
 * `rememberUsers` users), so most repeats cost no write, and checked against the database when written, so a reload
 * that another replica answers is not another list either. These are measurements, not the user's data: a batch that
 * cannot be written (the database is down) is dropped and counted, never retried into unbounded memory. A list whose
 * user was deleted before or while its batch was written is left out, and the rest of the batch written.
 */
export class ServedListLog {
  private pending: ServedListEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private lastPrune = 0;
  private recorded = 0;
  private repeated = 0;
  private dropped = 0;
  /** Each remembered user's last recorded list (version and items) and when it was shown; least recent first. */
  private readonly lastList = new Map<number, { signature: string; at: number }>();
  private readonly rememberUsers: number;
  private readonly flushMs: number;
  private readonly maxPending: number;
  private readonly log: (message: string) => void;
  private readonly random: () => number;

  constructor(private readonly db: Database, private readonly options: ServedListLogOptions) {
    this.flushMs = options.flushMs ?? 1_000;
    this.maxPending = options.maxPending ?? 20_000;
    this.rememberUsers = options.rememberUsers ?? 100_000;
    this.log = options.log ?? console.log;
    this.random = options.random ?? Math.random;
  }

  get enabled(): boolean {
    return this.options.sample > 0;
  }

  /** Share of lists recorded (FEWSHOT_SERVED_LIST_SAMPLE). */
  get sample(): number {
    return this.options.sample;
  }

  /** Days a list is kept (FEWSHOT_SERVED_LIST_DAYS). */
  get retentionDays(): number {
    return this.options.retentionDays;
  }

  record(entry: ServedListEntry): void {
    if (!this.enabled || (this.options.sample < 1 && this.random() >= this.options.sample)) return;
    if (this.isRepeat(entry)) {
      this.repeated++;
      return;
    }
    if (this.pending.length >= this.maxPending) {
      this.dropped++;
      return;
    }
    this.pending.push(entry);
    if (this.pending.length >= BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
  }

  /** Writes every list queued so far (and prunes old ones when due); resolves when they are in the database. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(() => this.writeAll());
    return this.writing;
  }

  counters(): ServedListCounters {
    return { recorded: this.recorded, repeated: this.repeated, dropped: this.dropped, pending: this.pending.length };
  }

  /** Whether the entry repeats its user's last recorded list (REPEAT_MS); remembers it as their last one if not. */
  private isRepeat(entry: ServedListEntry): boolean {
    const signature = `${entry.modelVersionId ?? ''}:${entry.itemIds.join(',')}`;
    const at = entry.servedAt.getTime();
    const last = this.lastList.get(entry.userId);
    if (last && last.signature === signature && at - last.at >= 0 && at - last.at < REPEAT_MS) return true;
    this.lastList.delete(entry.userId);
    this.lastList.set(entry.userId, { signature, at });
    if (this.lastList.size > this.rememberUsers) this.lastList.delete(this.lastList.keys().next().value!);
    return false;
  }

  /** Writes what is queued; call before the database closes. */
  async close(): Promise<void> {
    await this.flush();
  }

  private async writeAll(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, BATCH);
      try {
        // A user deleted while the batch was written (after the statement looked, before its row was checked) fails the
        // whole statement; a second one leaves that user out and writes the rest.
        const { written, repeated } = await this.insert(batch).catch((error: unknown) => {
          if (isForeignKeyViolation(error)) return this.insert(batch);
          throw error;
        });
        this.recorded += written;
        this.repeated += repeated;
      } catch (error) {
        this.dropped += batch.length;
        this.log(`fewshot api: could not record ${batch.length} served recommendation lists (${error instanceof Error ? error.message : String(error)}); recommendationOutcomes will not count them`);
      }
    }
    if (Date.now() - this.lastPrune >= PRUNE_EVERY_MS) await this.prune();
  }

  /**
   * One statement per batch. Lists of users deleted meanwhile are skipped, and so are repeats of a list that another
   * process (an api replica) recorded: the user's last list in the database within REPEAT_MS before it, with the same
   * version and items. Answers how many were written and how many were such repeats.
   */
  private async insert(batch: readonly ServedListEntry[]): Promise<{ written: number; repeated: number }> {
    const rows = await this.db.sql.query<{ written: number; repeated: number }>(
      `WITH candidates AS (
         SELECT t.user_id, t.model_version_id, t.path, t.history_length, t.item_ids::int[] AS item_ids, t.new_item_ids::int[] AS new_item_ids, t.served_at
           FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::text[], $6::timestamptz[], $8::text[])
             AS t(user_id, model_version_id, path, history_length, item_ids, served_at, new_item_ids)
          WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id)
            AND (t.model_version_id IS NULL OR EXISTS (SELECT 1 FROM model_versions v WHERE v.id = t.model_version_id))),
       fresh AS (
         SELECT c.* FROM candidates c
          WHERE NOT EXISTS (
            SELECT 1 FROM (SELECT s.model_version_id, s.item_ids FROM served_lists s
                            WHERE s.user_id = c.user_id AND s.served_at <= c.served_at
                              AND s.served_at > c.served_at - make_interval(secs => $7)
                            ORDER BY s.served_at DESC LIMIT 1) AS last
             WHERE last.model_version_id IS NOT DISTINCT FROM c.model_version_id AND last.item_ids = c.item_ids)),
       written AS (
         INSERT INTO served_lists (user_id, model_version_id, path, history_length, item_ids, new_item_ids, served_at)
         SELECT user_id, model_version_id, path, history_length, item_ids, new_item_ids, served_at FROM fresh
         RETURNING 1)
       SELECT (SELECT count(*)::int FROM written) AS written,
              (SELECT count(*)::int FROM candidates) - (SELECT count(*)::int FROM fresh) AS repeated`,
      [
        batch.map((entry) => entry.userId),
        batch.map((entry) => entry.modelVersionId),
        batch.map((entry) => entry.path),
        batch.map((entry) => entry.historyLength),
        batch.map((entry) => `{${entry.itemIds.join(',')}}`),
        batch.map((entry) => entry.servedAt.toISOString()),
        REPEAT_MS / 1000,
        batch.map((entry) => `{${(entry.newItemIds ?? []).join(',')}}`),
      ],
    );
    return { written: Number(rows[0]?.written ?? 0), repeated: Number(rows[0]?.repeated ?? 0) };
  }

  private async prune(): Promise<void> {
    this.lastPrune = Date.now();
    try {
      await this.db.sql.query(`DELETE FROM served_lists WHERE served_at < now() - make_interval(days => $1)`, [this.options.retentionDays]);
    } catch (error) {
      this.log(`fewshot api: could not delete served recommendation lists older than ${this.options.retentionDays} days (${error instanceof Error ? error.message : String(error)}); the next write tries again`);
      this.lastPrune = 0;
    }
  }
}

function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === FOREIGN_KEY_VIOLATION;
}
