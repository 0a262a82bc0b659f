import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ContextValue } from './context.ts';
import { formatError } from './errors.ts';
import { offlineLandingPage } from './landing-page.ts';
import { describeTokenLimit, queryLimitOptions } from './protection/limits.ts';
import { ServableOperationsRule } from './protection/servable-operations.ts';
import { resolvers } from './resolvers/index.ts';
import { loadTypeDefs } from './schema/index.ts';

/**
 * The GraphQL server, without a listener (style.md: createServer, no listen). graphql-armor and the parser bound
 * depth, cost, aliases, directives and tokens so one request cannot exhaust the service (protection/limits.ts);
 * every operation must be one the schema can execute; formatError masks internal errors.
 */
export function createApolloServer({ plugins = [] }: { plugins?: Array<ApolloServerPlugin<ContextValue>> } = {}): ApolloServer<ContextValue> {
  const limits = queryLimitOptions();
  return new ApolloServer<ContextValue>({
    typeDefs: loadTypeDefs(),
    resolvers,
    allowBatchedHttpRequests: limits.allowBatchedHttpRequests,
    parseOptions: limits.parseOptions,
    // No @cacheControl hints exist here, and Apollo's cache-control plugin wraps every field's resolver to compute a
    // policy that is always "no-store" (which the HTTP layer sends itself): off, it no longer costs each field.
    plugins: [...limits.plugins, offlineLandingPage(), ApolloServerPluginCacheControlDisabled(), ...plugins],
    validationRules: [...limits.validationRules, ServableOperationsRule],
    formatError: (formatted, error) => formatError(describeTokenLimit(formatted), error),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    // The process's own shutdown (shutdown.ts) stops Apollo; Apollo's signal handler raced it and left a second
    // stop() waiting forever on a barrier that is never resolved.
    stopOnTerminationSignals: false,
  });
}
