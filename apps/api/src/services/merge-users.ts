import type { Database, SqlExecutor } from '@fewshot/db';
import { AppError, AppErrorCode, badInput } from '../errors.ts';

export interface MergedUsers {
  /** The database id of the user that now holds every event (created if it did not exist). */
  intoUserId: number;
  /** The database id of the user that is gone. */
  fromUserId: number;
  /** Events moved from one to the other. */
  movedInteractions: number;
}

/**
 * Moves every event of user `from` to user `into` (and the lists they were shown) and deletes `from`, in one
 * transaction: what a shop does when a visitor who browsed under an anonymous id signs in, so the few events they made
 * before are the start of their account's history instead of lost. `into` is created if it does not exist (the first sign-in); its attributes win
 * over `from`'s where both set one. Both rows are locked first, in id order (two merges of the same pair cannot
 * deadlock); an event recorded for `from` while the merge runs either commits first (and is moved) or starts a new
 * user under `from`'s id afterwards, as after deleteUser.
 */
export async function mergeUsers(db: Database, { from, into }: { from: string; into: string }): Promise<MergedUsers> {
  if (from === into) throw badInput(`from and into are the same user ("${from}"): name the anonymous id in from and the account in into`, 'input.from');
  return db.sql.transaction(async (tx) => {
    const { source, target } = await lockPair(tx, from, into);
    if (!source) throw new AppError(AppErrorCode.NotFound, `there is no user "${from}" to merge (merged or deleted already, or it never recorded an event): nothing to move`, { field: 'input.from' });
    const fromUserId = Number(source.id);
    const intoUserId = Number(target.id);
    const movedInteractions = await moveEvents(tx, fromUserId, intoUserId);
    // The lists the visitor was shown move too: what they pick after signing in says whether those were followed.
    await tx.query('UPDATE served_lists SET user_id = $2 WHERE user_id = $1', [fromUserId, intoUserId]);
    // jsonb || : the right-hand side wins on shared keys, so the account's own attributes stay as they were.
    await tx.query('UPDATE users SET attributes = (SELECT attributes FROM users WHERE id = $1) || attributes, updated_at = now() WHERE id = $2', [fromUserId, intoUserId]);
    await tx.query('DELETE FROM users WHERE id = $1', [fromUserId]);
    return { intoUserId, fromUserId, movedInteractions };
  });
}

/** Attempts at creating and locking `into` before giving up (each lost only to a concurrent deleteUser of it). */
const LOCK_ATTEMPTS = 5;

/**
 * Both rows locked FOR UPDATE in id order, `into` created if missing. An `into` that existed when the insert ran but
 * was deleted by a concurrent deleteUser before the lock is created again, as recordInteractions does: the account
 * then starts from `from`'s events alone.
 */
async function lockPair(tx: SqlExecutor, from: string, into: string): Promise<{ source?: UserRow; target: UserRow }> {
  for (let attempt = 1; ; attempt++) {
    await tx.query('INSERT INTO users (external_id) VALUES ($1) ON CONFLICT (external_id) DO NOTHING', [into]);
    const rows = await tx.query<UserRow>('SELECT id, external_id FROM users WHERE external_id IN ($1, $2) ORDER BY id FOR UPDATE', [from, into]);
    const target = rows.find((row) => row.external_id === into);
    if (target) return { source: rows.find((row) => row.external_id === from), target };
    if (attempt === LOCK_ATTEMPTS) throw new Error(`user "${into}" was deleted ${LOCK_ATTEMPTS} times while a merge into it started`);
  }
}

interface UserRow {
  id: number;
  external_id: string;
}

async function moveEvents(tx: SqlExecutor, fromUserId: number, intoUserId: number): Promise<number> {
  const [moved] = await tx.query<{ count: number | string }>('WITH moved AS (UPDATE interactions SET user_id = $2 WHERE user_id = $1 RETURNING 1) SELECT count(*) AS count FROM moved', [fromUserId, intoUserId]);
  return Number(moved?.count ?? 0);
}
