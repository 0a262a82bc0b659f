import type { ItemResolvers } from '../generated/graphql.ts';

/** `Item.features`: the stored feature rows of an item (status per modality and encoder), for the console's item page. */
export const itemFeatureFields: Pick<ItemResolvers, 'features'> = {
  features: async (item, _, { db }) => {
    const rows = await db.prisma.itemFeature.findMany({
      where: { itemId: item.id },
      select: { modality: true, encoder: true, encoderVersion: true, status: true, error: true, createdAt: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    return rows.map((row) => ({ modality: row.modality, encoder: `${row.encoder}@${row.encoderVersion}`, status: row.status, error: row.error, createdAt: row.createdAt }));
  },
};
