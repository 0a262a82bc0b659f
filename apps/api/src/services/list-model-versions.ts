import type { Database, ModelVersionStatus } from '@fewshot/db';
import type { ModelVersion } from '../schema/mappers.ts';
import { checkPageSize, decodeTimeIntIdCursor, encodeCursor, toConnection, type Connection } from './pagination.ts';

export interface ListModelVersionsOptions {
  first: number;
  after?: string | null;
  status?: ModelVersionStatus | null;
}

/** Model versions newest first (ties in time: the higher id first), a page at a time (their artifacts live in other rows). */
export async function listModelVersions(db: Database, { first, after, status }: ListModelVersionsOptions): Promise<Connection<ModelVersion>> {
  checkPageSize(first);
  const where = status ? { status } : {};
  let keyset = {};
  if (after) {
    const { time: createdAt, id } = decodeTimeIntIdCursor(after);
    keyset = { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
  }
  const [rows, totalCount] = await Promise.all([
    db.prisma.modelVersion.findMany({ where: { ...where, ...keyset }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: first + 1 }),
    db.prisma.modelVersion.count({ where }),
  ]);
  return toConnection(rows, first, totalCount, (version) => encodeCursor([version.createdAt.getTime(), version.id]));
}
