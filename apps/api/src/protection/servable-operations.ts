import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/**
 * Validation rule: every operation must be one this server can execute. graphql-js 16 validates
 * `mutation { __typename }` against a schema without a Mutation type and only fails while executing ("Schema is not
 * configured to execute mutation operation"), which reached clients as an internal error; graphql-js 17 adds the
 * same check as `KnownOperationTypesRule`. Subscriptions need a streaming transport this api does not offer, so they
 * are refused even once the schema has a Subscription type.
 */
export function ServableOperationsRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      const kind = node.operation;
      if (kind === 'subscription') {
        context.reportError(new GraphQLError('Subscriptions are not served: this API answers queries and mutations over HTTP only.', { nodes: node }));
      } else if (!schema.getRootType(kind)) {
        const type = kind === 'mutation' ? 'Mutation' : 'Query';
        context.reportError(new GraphQLError(`This API has no ${kind} operations: its schema defines no ${type} type.`, { nodes: node }));
      }
    },
  };
}
