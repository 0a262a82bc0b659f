import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '@fewshot/db';
import { postgresUnavailableReason, testDatabaseTargets, type TestDatabaseTarget } from '@fewshot/db/testing';
import { importDataset, openDataset } from '@fewshot/pipeline/import';
import { activeUserCounts } from '../../services/cold-start-stats.ts';
import { listUsers } from '../../services/list-users.ts';
import { recordInteractions, type InteractionInput } from '../../services/record-interactions.ts';
import { median, reportBenchResult } from './bench-result.ts';
import type { UserActivityBenchOptions } from './user-activity.ts';

/** The trigger that adds new events to user_activity; switched off for the "off" rounds of the write measurements. */
const INSERT_TRIGGER = 'interactions_activity_insert';
const ITEMS = 2_000;
const PAGE = 50;

interface Paired {
  /** Milliseconds of each round (reads) or seconds (imports), and their median. */
  runs: number[];
  median: number;
}

/** What `fewshot bench user-activity` does, loaded only when it runs (see ./user-activity.ts). */
export async function runUserActivityBenchmark(options: UserActivityBenchOptions): Promise<void> {
  const engines: Record<string, unknown> = {};
  for (const target of await testDatabaseTargets()) {
    console.error(`${target.kind}: ${options.events.toLocaleString('en')} synthetic events of ${options.users.toLocaleString('en')} users`);
    engines[target.kind] = await benchEngine(target, options);
  }
  engines.postgres ??= { skipped: await postgresUnavailableReason() };
  await reportBenchResult('user-activity', { events: options.events, users: options.users, runs: options.runs, writes: options.writes, ...engines }, options.json);
}

async function benchEngine(target: TestDatabaseTarget, options: UserActivityBenchOptions): Promise<Record<string, unknown>> {
  const db = await target.create();
  try {
    const filled = performance.now();
    await fillSyntheticHistory(db, options.events, options.users);
    const fillSeconds = (performance.now() - filled) / 1000;
    const reads = {
      recentlyActivePage: await pairedMillis(options.runs, () => listUsers(db, { first: PAGE, orderBy: 'RECENTLY_ACTIVE' }), () => aggregatedRecentlyActivePage(db)),
      activeUserCounts: await pairedMillis(options.runs, () => activeUserCounts(db, 7, 20), () => aggregatedActiveUserCounts(db, 7, 20)),
    };
    // Both ways must give the same answer, or the comparison means nothing.
    const [fromActivity, aggregated] = [await activeUserCounts(db, 7, 20), await aggregatedActiveUserCounts(db, 7, 20)];
    if (JSON.stringify(fromActivity) !== JSON.stringify(aggregated)) throw new Error(`active user counts differ: ${JSON.stringify(fromActivity)} from user_activity, ${JSON.stringify(aggregated)} aggregated`);
    const writes = {
      oneEventPerCall: await pairedWrites(db, options, 1),
      hundredEventsPerCall: await pairedWrites(db, options, 100),
    };
    return {
      fillSeconds: round(fillSeconds),
      reads: Object.fromEntries(Object.entries(reads).map(([name, { fromActivity: ours, aggregated: theirs }]) => [name, { fromActivityMs: ours, aggregatedMs: theirs, speedup: round(theirs.median / ours.median) }])),
      writes,
      import: await pairedImports(target, options),
    };
  } finally {
    await db.dispose();
  }
}

/** Users u1…uN, items, and `events` events spread over the last 60 days, written as one statement (the triggers fill user_activity). */
async function fillSyntheticHistory(db: Database, events: number, users: number): Promise<void> {
  await db.sql.query(`INSERT INTO users (external_id) SELECT 'u' || g FROM generate_series(1, $1::int) g`, [users]);
  await db.sql.query(`INSERT INTO items (external_id, title) SELECT 'i' || g, 'Item ' || g FROM generate_series(1, $1::int) g`, [ITEMS]);
  await db.sql.query(
    `INSERT INTO interactions (user_id, item_id, occurred_at)
     SELECT 1 + (g::bigint * 104729) % $2, 1 + g % $3, now() - ((g::bigint * 7919) % 5184000) * interval '1 second'
       FROM generate_series(1, $1::int) g`,
    [events, users, ITEMS],
  );
  await db.sql.exec('ANALYZE');
}

/** `ours` and the aggregated baseline `runs` times each, in alternating order, milliseconds. */
async function pairedMillis(runs: number, ours: () => Promise<unknown>, theirs: () => Promise<unknown>): Promise<{ fromActivity: Paired; aggregated: Paired }> {
  const timings = { fromActivity: [] as number[], aggregated: [] as number[] };
  const timed = async (work: () => Promise<unknown>, into: number[]) => {
    const started = performance.now();
    await work();
    into.push(round(performance.now() - started));
  };
  await ours();
  await theirs();
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) {
      await timed(ours, timings.fromActivity);
      await timed(theirs, timings.aggregated);
    } else {
      await timed(theirs, timings.aggregated);
      await timed(ours, timings.fromActivity);
    }
  }
  return { fromActivity: summary(timings.fromActivity), aggregated: summary(timings.aggregated) };
}

/** Events recorded a second through recordInteractions, `perCall` at a time, with the insert trigger on and off in alternate rounds. */
async function pairedWrites(db: Database, options: UserActivityBenchOptions, perCall: number): Promise<Record<string, unknown>> {
  const rates = { on: [] as number[], off: [] as number[] };
  let seed = perCall;
  const nextUser = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return `u${1 + (seed % options.users)}`;
  };
  const calls = Math.max(1, Math.round(options.writes / perCall));
  const measure = async (mode: 'on' | 'off') => {
    await db.sql.exec(`ALTER TABLE interactions ${mode === 'on' ? 'ENABLE' : 'DISABLE'} TRIGGER ${INSERT_TRIGGER}`);
    const started = performance.now();
    for (let call = 0; call < calls; call++) {
      const batch: InteractionInput[] = Array.from({ length: perCall }, (_, i) => ({ userId: nextUser(), itemId: `i${1 + ((call * perCall + i) % ITEMS)}` }));
      await recordInteractions(db, batch);
    }
    rates[mode].push(Math.round((calls * perCall) / ((performance.now() - started) / 1000)));
  };
  try {
    for (let run = 0; run < options.runs; run++) {
      for (const mode of run % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) await measure(mode);
    }
  } finally {
    await db.sql.exec(`ALTER TABLE interactions ENABLE TRIGGER ${INSERT_TRIGGER}`);
  }
  const on = summary(rates.on);
  const off = summary(rates.off);
  return { eventsPerCall: perCall, calls, eventsPerSecondOn: on, eventsPerSecondOff: off, onOverOff: round(on.median / off.median) };
}

/** A dataset imported into fresh databases with the insert trigger on and off, alternately; seconds. */
async function pairedImports(target: TestDatabaseTarget, options: UserActivityBenchOptions): Promise<Record<string, unknown>> {
  if (!existsSync(options.importData)) return { skipped: `${options.importData} is absent` };
  const seconds = { on: [] as number[], off: [] as number[] };
  const runs = Math.min(options.runs, 3);
  for (let run = 0; run < runs; run++) {
    for (const mode of run % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      const db = await target.create();
      try {
        if (mode === 'off') await db.sql.exec(`ALTER TABLE interactions DISABLE TRIGGER ${INSERT_TRIGGER}`);
        const report = await importDataset(db, { dataset: openDataset(options.importData) });
        seconds[mode].push(round(report.seconds));
      } finally {
        await db.dispose();
      }
    }
  }
  const on = summary(seconds.on);
  const off = summary(seconds.off);
  return { dataset: path.resolve(options.importData), secondsOn: on, secondsOff: off, onOverOff: round(on.median / off.median) };
}

/** The users page by recent activity as it was read before user_activity: every event aggregated, twice. */
async function aggregatedRecentlyActivePage(db: Database): Promise<unknown> {
  const [rows] = await Promise.all([
    db.sql.query<{ user_id: number }>(
      `SELECT user_id, max(occurred_at) AS last_at FROM interactions GROUP BY user_id
        HAVING $1::timestamptz IS NULL OR (max(occurred_at), user_id) < ($1::timestamptz, $2::int)
        ORDER BY last_at DESC, user_id DESC LIMIT $3`,
      [null, 0, PAGE + 1],
    ),
    db.sql.query('SELECT count(DISTINCT user_id)::int AS n FROM interactions'),
  ]);
  return db.prisma.user.findMany({ where: { id: { in: rows.map((row) => Number(row.user_id)) } } });
}

/** The overview's active-user counts as they were read before user_activity. */
async function aggregatedActiveUserCounts(db: Database, days: number, coldThreshold: number): Promise<{ newUsers: number; activeUsers: number; coldActiveUsers: number }> {
  const [row] = await db.sql.query<{ new_users: number; active: number; cold: number }>(
    `WITH per_user AS (
       SELECT user_id, min(occurred_at) AS first_at, max(occurred_at) FILTER (WHERE occurred_at <= now()) AS last_at, count(*) AS events
         FROM interactions GROUP BY user_id)
     SELECT (count(*) FILTER (WHERE first_at > now() - make_interval(days => $1) AND first_at <= now()))::int AS new_users,
            (count(*) FILTER (WHERE last_at > now() - make_interval(days => $1)))::int AS active,
            (count(*) FILTER (WHERE last_at > now() - make_interval(days => $1) AND events < $2))::int AS cold
       FROM per_user`,
    [days, coldThreshold],
  );
  return { newUsers: Number(row?.new_users ?? 0), activeUsers: Number(row?.active ?? 0), coldActiveUsers: Number(row?.cold ?? 0) };
}

function summary(values: number[]): Paired {
  return { runs: values, median: round(median(values)) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
