import { listApiKeys } from '../auth/list-api-keys.ts';
import { requireKey, requireRole } from '../auth/require-role.ts';
import { DEFAULT_COLD_THRESHOLD } from '../env.ts';
import type { QueryResolvers } from '../generated/graphql.ts';
import { checkExternalId as externalId } from '../services/check-input.ts';
import { getCatalogStats } from '../services/get-catalog-stats.ts';
import { listItems } from '../services/list-items.ts';
import { listUsers } from '../services/list-users.ts';

export const Query: QueryResolvers = {
  health: async (_, __, context) => {
    requireKey(context);
    const { db, state } = context;
    return {
      status: 'ok',
      database: db.kind,
      seeding: state.seeding,
      catalog: await getCatalogStats(db),
      uptimeSeconds: (Date.now() - state.startedAt) / 1000,
    };
  },
  item: (_, { id }, context) => {
    requireKey(context);
    return context.db.prisma.item.findUnique({ where: { externalId: externalId(id) } });
  },
  items: (_, args, context) => {
    requireKey(context);
    return listItems(context.db, args);
  },
  user: (_, { id }, context) => {
    requireKey(context);
    return context.db.prisma.user.findUnique({ where: { externalId: externalId(id) } });
  },
  users: (_, args, context) => {
    requireKey(context);
    return listUsers(context.db, { ...args, coldThreshold: context.state.serving?.settings.coldThreshold ?? DEFAULT_COLD_THRESHOLD });
  },
  apiKeys: (_, __, context) => {
    requireRole(context, 'ADMIN');
    return listApiKeys(context.db);
  },
  viewer: (_, __, context) => (context.auth ? context.db.prisma.apiKey.findUnique({ where: { id: context.auth.keyId }, omit: { keyHash: true } }) : null),
};
