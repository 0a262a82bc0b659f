import { ApolloServer } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ContextValue } from './context.ts';
import { formatError } from './errors.ts';
import { resolvers } from './resolvers/index.ts';
import { loadTypeDefs } from './schema/index.ts';

/**
 * The GraphQL server, without a listener (style.md: createServer, no listen). graphql-armor bounds depth, cost,
 * aliases and tokens so one request cannot exhaust the service; formatError masks internal errors.
 */
export function createApolloServer(): ApolloServer<ContextValue> {
  const armor = new ApolloArmor({
    maxDepth: { n: 8 },
    costLimit: { maxCost: 20_000 },
    maxAliases: { n: 15 },
    maxDirectives: { n: 20 },
    maxTokens: { n: 2_000 },
  });
  const protection = armor.protect();
  return new ApolloServer<ContextValue>({
    typeDefs: loadTypeDefs(),
    resolvers,
    ...protection,
    plugins: [...protection.plugins],
    validationRules: [...protection.validationRules],
    formatError,
    introspection: true,
    // The process's own shutdown (shutdown.ts) stops Apollo; Apollo's signal handler raced it and left a second
    // stop() waiting forever on a barrier that is never resolved.
    stopOnTerminationSignals: false,
  });
}
