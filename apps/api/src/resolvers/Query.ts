import { listApiKeys } from '../auth/list-api-keys.ts';
import { requireKey, requireRole } from '../auth/require-role.ts';
import type { ContextValue } from '../context.ts';
import { checkExternalId as externalId } from '../services/check-input.ts';
import { getCatalogStats } from '../services/get-catalog-stats.ts';
import { listItems, type ListItemsOptions } from '../services/list-items.ts';
import { listUsers } from '../services/list-users.ts';

export const Query = {
  health: async (_: unknown, __: unknown, context: ContextValue) => {
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
  item: (_: unknown, { id }: { id: string }, context: ContextValue) => {
    requireKey(context);
    return context.db.prisma.item.findUnique({ where: { externalId: externalId(id) } });
  },
  items: (_: unknown, args: ListItemsOptions, context: ContextValue) => {
    requireKey(context);
    return listItems(context.db, args);
  },
  user: (_: unknown, { id }: { id: string }, context: ContextValue) => {
    requireKey(context);
    return context.db.prisma.user.findUnique({ where: { externalId: externalId(id) } });
  },
  users: (_: unknown, args: { first: number; after?: string | null }, context: ContextValue) => {
    requireKey(context);
    return listUsers(context.db, args);
  },
  apiKeys: (_: unknown, __: unknown, context: ContextValue) => {
    requireRole(context, 'ADMIN');
    return listApiKeys(context.db);
  },
};
