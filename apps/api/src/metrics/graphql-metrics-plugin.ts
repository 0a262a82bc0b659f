import type { ApolloServerPlugin } from '@apollo/server';
import type { OperationDefinitionNode } from 'graphql';
import type { ContextValue } from '../context.ts';
import type { ApiMetrics } from './api-metrics.ts';

/**
 * Counts every GraphQL operation with its latency (from the request reaching Apollo to its answer), labelled by its
 * first root field (`recommendations`, `recordInteraction`, …: validated against the schema, so a bounded set; `none`
 * when the document did not parse or validate) and its outcome (`ok`, or the first error's code).
 */
export function graphqlMetricsPlugin(metrics: ApiMetrics): ApolloServerPlugin<ContextValue> {
  return {
    async requestDidStart() {
      const started = performance.now();
      let field = 'none';
      return {
        async didResolveOperation({ operation }) {
          if (operation) field = firstRootField(operation);
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const code = errors?.[0]?.extensions?.code;
          metrics.observeOperation(field, errors?.length ? (typeof code === 'string' ? code : 'ERROR') : 'ok', (performance.now() - started) / 1000);
        },
      };
    },
  };
}

/** The operation's first root field by its schema name (not an alias); `fragment` when it starts with one. */
function firstRootField(operation: OperationDefinitionNode): string {
  const first = operation.selectionSet.selections[0];
  return first?.kind === 'Field' ? first.name.value : 'fragment';
}
