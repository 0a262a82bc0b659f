import type { Database } from '@fewshot/db';
import type { ModelTrial } from '../schema/mappers.ts';
import { checkPageSize, decodeIdCursor, encodeCursor, toConnection, type Connection } from './pagination.ts';

/** Trials newest first (by id: trials start one at a time), a page at a time. */
export async function listModelTrials(db: Database, { first, after }: { first: number; after?: string | null }): Promise<Connection<ModelTrial>> {
  checkPageSize(first);
  const keyset = after ? { id: { lt: decodeIdCursor(after) } } : {};
  const [rows, totalCount] = await Promise.all([db.prisma.modelTrial.findMany({ where: keyset, orderBy: { id: 'desc' }, take: first + 1 }), db.prisma.modelTrial.count()]);
  return toConnection(rows, first, totalCount, (trial) => encodeCursor([trial.id]));
}
