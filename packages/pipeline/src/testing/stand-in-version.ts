import type { Database, ModelVersionStatus } from '@fewshot/db';
import type { ModelVersionMetrics } from '../train/train-model-version.ts';

/**
 * Test support: a model version written through Prisma with a stand-in artifact of three bytes (except `artifact:
 * false`) and, when given, hand-made metrics. Enough for what reads versions, trials and lists without loading a
 * model (lifecycle rules, a trial's results and guardrails); nothing can serve it.
 */
export async function createVersion(
  db: Database,
  name: string,
  { status = 'READY', metrics, artifact = true }: { status?: ModelVersionStatus; metrics?: ModelVersionMetrics | null; artifact?: boolean } = {},
): Promise<number> {
  const row = await db.prisma.modelVersion.create({
    data: {
      name,
      status,
      ...(metrics ? { metrics: JSON.parse(JSON.stringify(metrics)) as object } : {}),
      ...(artifact ? { artifactBytes: 3, artifactSha256: 'x', artifactChunks: { create: [{ seq: 0, bytes: new Uint8Array([1, 2, 3]) }] } } : {}),
    },
  });
  return row.id;
}
