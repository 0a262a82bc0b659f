import { quoteIdent, type SqlExecutor } from '@fewshot/db';

export interface MergeCounts {
  items: { inserted: number; updated: number; unchanged: number };
  users: { inserted: number; updated: number; unchanged: number };
  interactions: { inserted: number; alreadyPresent: number };
}

interface UpsertRow {
  inserted: number;
  updated: number;
  staged: number;
}

// Upserts touch only rows whose content changed, so importing the same files twice changes nothing (not even
// updated_at). `xmax = 0` tells a fresh insert from an update in RETURNING.
const MERGE_ITEMS = `
WITH staged AS (SELECT count(*)::int AS n FROM stage_items),
upserted AS (
  INSERT INTO items (external_id, title, description, attributes, image_uri)
  SELECT external_id, title, description, attributes, image_uri FROM stage_items ORDER BY file_no, line
  ON CONFLICT (external_id) DO UPDATE
    SET title = excluded.title, description = excluded.description, attributes = excluded.attributes,
        image_uri = COALESCE(excluded.image_uri, items.image_uri), updated_at = now()
    WHERE (items.title, items.description, items.attributes, items.image_uri)
          IS DISTINCT FROM (excluded.title, excluded.description, excluded.attributes, COALESCE(excluded.image_uri, items.image_uri))
  RETURNING (xmax = 0) AS fresh)
SELECT count(*) FILTER (WHERE fresh)::int AS inserted, count(*) FILTER (WHERE NOT fresh)::int AS updated, (SELECT n FROM staged) AS staged FROM upserted`;

// Users come from the users file (with attributes) and from interactions (id only), in order of first appearance.
const MERGE_USERS = `
WITH staged AS (
  SELECT external_id, attributes, 0 AS source, file_no::bigint AS a, line::bigint AS b FROM stage_users
  UNION ALL
  SELECT user_ext, NULL, 1, min(seq), 0 FROM stage_interactions
  WHERE NOT EXISTS (SELECT 1 FROM stage_users u WHERE u.external_id = user_ext) GROUP BY user_ext),
upserted AS (
  INSERT INTO users (external_id, attributes)
  SELECT external_id, COALESCE(attributes, '{}') FROM staged ORDER BY source, a, b
  ON CONFLICT (external_id) DO UPDATE SET attributes = excluded.attributes, updated_at = now()
    WHERE excluded.attributes <> '{}'::jsonb AND users.attributes IS DISTINCT FROM excluded.attributes
  RETURNING (xmax = 0) AS fresh)
SELECT count(*) FILTER (WHERE fresh)::int AS inserted, count(*) FILTER (WHERE NOT fresh)::int AS updated, (SELECT count(*)::int FROM staged) AS staged FROM upserted`;

// Ids are assigned in staging order (file order), which is what keeps same-second events deterministic. Events
// already stored are filtered in one anti-join (a re-import then inserts nothing); ON CONFLICT still guards against
// a concurrent writer.
const MERGE_INTERACTIONS = `
WITH inserted AS (
  INSERT INTO interactions (user_id, item_id, kind, value, occurred_at, client_event_id)
  SELECT u.id, i.id, s.kind::interaction_kind, s.value, s.occurred_at, s.client_event_id
  FROM stage_interactions s JOIN users u ON u.external_id = s.user_ext JOIN items i ON i.external_id = s.item_ext
  WHERE NOT EXISTS (SELECT 1 FROM interactions x WHERE x.client_event_id = s.client_event_id)
  ORDER BY s.seq
  ON CONFLICT (client_event_id) DO NOTHING
  RETURNING 1)
SELECT (SELECT count(*)::int FROM inserted) AS inserted, (SELECT count(*)::int FROM stage_interactions) AS staged`;

/**
 * A bulk load into a table that is small next to the load is much faster with its secondary (non-unique) indexes
 * built once afterwards than maintained row by row (ML-100K on PostgreSQL: the insert drops from about 3 s to 1 s).
 * The definitions are read back from the catalog, so the migration stays the only place that names them.
 */
async function withSecondaryIndexesRebuilt<T>(tx: SqlExecutor, table: string, work: () => Promise<T>): Promise<T> {
  const indexes = await tx.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_index x ON x.indexrelid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass
     WHERE i.schemaname = current_schema() AND i.tablename = $1 AND NOT x.indisunique AND NOT x.indisprimary`,
    [table],
  );
  for (const { indexname } of indexes) await tx.exec(`DROP INDEX ${quoteIdent(indexname)}`);
  const result = await work();
  for (const { indexdef } of indexes) await tx.exec(indexdef);
  return result;
}

/**
 * The insert joins every event to its user and item in the same statement, so its foreign keys cannot fail; their
 * per-row triggers still cost about a third of a bulk load. A superuser (PGlite always, PostgreSQL often) may skip
 * them for this one statement with `session_replication_role`; anyone else keeps them.
 */
async function withoutReferenceTriggers<T>(tx: SqlExecutor, work: () => Promise<T>): Promise<T> {
  const [role] = await tx.query<{ superuser: boolean }>(`SELECT current_setting('is_superuser') = 'on' AS superuser`);
  if (!role?.superuser) return work();
  await tx.exec(`SET LOCAL session_replication_role = replica`);
  try {
    return await work();
  } finally {
    await tx.exec(`SET LOCAL session_replication_role = origin`);
  }
}

async function isBulkLoad(tx: SqlExecutor): Promise<boolean> {
  const [row] = await tx.query<{ existing: number; staged: number }>(
    `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM interactions LIMIT 100000) e) AS existing, (SELECT count(*)::int FROM stage_interactions) AS staged`,
  );
  return !!row && row.staged >= 10_000 && row.staged > row.existing;
}

export async function mergeStaged(tx: SqlExecutor): Promise<MergeCounts> {
  const [items] = await tx.query<UpsertRow>(MERGE_ITEMS);
  const [users] = await tx.query<UpsertRow>(MERGE_USERS);
  const insertEvents = () => tx.query<{ inserted: number; staged: number }>(MERGE_INTERACTIONS);
  const [events] = (await isBulkLoad(tx)) ? await withSecondaryIndexesRebuilt(tx, 'interactions', () => withoutReferenceTriggers(tx, insertEvents)) : await insertEvents();
  const counts = (row: UpsertRow | undefined) => ({
    inserted: row?.inserted ?? 0,
    updated: row?.updated ?? 0,
    unchanged: (row?.staged ?? 0) - (row?.inserted ?? 0) - (row?.updated ?? 0),
  });
  return {
    items: counts(items),
    users: counts(users),
    interactions: { inserted: events?.inserted ?? 0, alreadyPresent: (events?.staged ?? 0) - (events?.inserted ?? 0) },
  };
}
