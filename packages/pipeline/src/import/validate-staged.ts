import type { SqlExecutor } from '@fewshot/db';

/** A problem found across rows (duplicates, references), located like a row error. */
export interface StagedIssue {
  file_no: number;
  line: number;
  field: string | null;
  reason: string;
}

interface Check {
  /** Selects the offending rows as (file_no, line, field, reason). */
  find: string;
  /** Removes the offending rows, for the skip policy. */
  drop: string;
}

// Each check reads the staging tables and the database as they are before the merge. Duplicates keep the first
// occurrence; references may point at rows of this import or rows already in the database.
const CHECKS: Check[] = [
  {
    find: `SELECT file_no, line, 'id' AS field, format('duplicate item id "%s" (first at line %s)', external_id, first_line) AS reason
           FROM (SELECT *, row_number() OVER w AS n, first_value(line) OVER w AS first_line FROM stage_items WINDOW w AS (PARTITION BY external_id ORDER BY file_no, line)) d WHERE n > 1`,
    drop: `DELETE FROM stage_items s USING stage_items f WHERE s.external_id = f.external_id AND (f.file_no, f.line) < (s.file_no, s.line)`,
  },
  {
    find: `SELECT file_no, line, 'id' AS field, format('duplicate user id "%s" (first at line %s)', external_id, first_line) AS reason
           FROM (SELECT *, row_number() OVER w AS n, first_value(line) OVER w AS first_line FROM stage_users WINDOW w AS (PARTITION BY external_id ORDER BY file_no, line)) d WHERE n > 1`,
    drop: `DELETE FROM stage_users s USING stage_users f WHERE s.external_id = f.external_id AND (f.file_no, f.line) < (s.file_no, s.line)`,
  },
  {
    find: `SELECT s.file_no, s.line, 'item' AS field, format('unknown item id "%s": not in this import''s items nor in the database', s.item_ext) AS reason
           FROM stage_interactions s
           WHERE NOT EXISTS (SELECT 1 FROM stage_items i WHERE i.external_id = s.item_ext)
             AND NOT EXISTS (SELECT 1 FROM items i WHERE i.external_id = s.item_ext)`,
    drop: `DELETE FROM stage_interactions s
           WHERE NOT EXISTS (SELECT 1 FROM stage_items i WHERE i.external_id = s.item_ext)
             AND NOT EXISTS (SELECT 1 FROM items i WHERE i.external_id = s.item_ext)`,
  },
  {
    find: `SELECT file_no, line, 'id' AS field, format('duplicate event "%s" (same as line %s)', client_event_id, first_line) AS reason
           FROM (SELECT *, row_number() OVER w AS n, first_value(line) OVER w AS first_line FROM stage_interactions WINDOW w AS (PARTITION BY client_event_id ORDER BY seq)) d WHERE n > 1`,
    drop: `DELETE FROM stage_interactions s USING stage_interactions f WHERE s.client_event_id = f.client_event_id AND f.seq < s.seq`,
  },
];

export interface StagedValidation {
  issues: StagedIssue[];
  total: number;
}

/**
 * Runs every cross-row check. With `drop`, offending rows are removed (skip policy); otherwise the caller stops
 * the import. At most `limit` issues are returned in full; `total` counts them all.
 */
export async function validateStaged(tx: SqlExecutor, { drop, limit }: { drop: boolean; limit: number }): Promise<StagedValidation> {
  await tx.exec('ANALYZE stage_items; ANALYZE stage_users; ANALYZE stage_interactions;');
  const issues: StagedIssue[] = [];
  let total = 0;
  for (const check of CHECKS) {
    const [{ count } = { count: 0 }] = await tx.query<{ count: number }>(`SELECT count(*)::int AS count FROM (${check.find}) c`);
    if (count === 0) continue;
    total += count;
    if (issues.length < limit) {
      issues.push(...(await tx.query<StagedIssue>(`${check.find} ORDER BY 1, 2 LIMIT ${limit - issues.length}`)));
    }
    if (drop) await tx.exec(check.drop);
  }
  return { issues, total };
}
