import type { Database } from '@fewshot/db';
import { AppError, AppErrorCode } from '../errors.ts';

export interface DeletedUser {
  /** The user's id in the client's system. */
  externalId: string;
  /** The database's id of the row that is gone (what change notifications and caches name). */
  userId: number;
  /** Interactions deleted with the user. */
  deletedInteractions: number;
}

/**
 * Deletes a user and every interaction of theirs in one transaction (a person's request to be forgotten). The user's
 * row is locked first, so events being recorded for them at that moment either commit before (and are deleted with
 * the rest) or wait and then start the user afresh (`recordInteractions` creates a user it does not find): none is
 * left behind under the deleted user, and none fails. The database notifies every replica of both deletes.
 */
export async function deleteUser(db: Database, externalId: string): Promise<DeletedUser> {
  return db.sql.transaction(async (tx) => {
    const [user] = await tx.query<{ id: number }>('SELECT id FROM users WHERE external_id = $1 FOR UPDATE', [externalId]);
    if (!user) throw new AppError(AppErrorCode.NotFound, `there is no user "${externalId}" (deleted already, or never recorded)`, { field: 'id' });
    const userId = Number(user.id);
    // Deleted here rather than by the foreign key's cascade, to count them in the same statement.
    const [deleted] = await tx.query<{ count: number | string }>('WITH gone AS (DELETE FROM interactions WHERE user_id = $1 RETURNING 1) SELECT count(*) AS count FROM gone', [userId]);
    await tx.query('DELETE FROM users WHERE id = $1', [userId]);
    return { externalId, userId, deletedInteractions: Number(deleted?.count ?? 0) };
  });
}
