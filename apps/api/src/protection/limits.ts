import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, GraphQLFormattedError, ValidationContext, ValidationRule } from 'graphql';
import { AppError, AppErrorCode } from '../errors.ts';

/** What one request may ask for. Tokens bound parsing; the others bound validation and execution. */
export const QUERY_LIMITS = {
  /** Nested selections: the deepest legitimate query (user → interactions → item → fields) is 5. */
  depth: 8,
  /** graphql-armor's estimated cost (fields and fragments weighted). */
  cost: 20_000,
  /** Aliases let one request repeat a field many times: a cheap amplification. */
  aliases: 15,
  directives: 20,
  /** Lexical tokens, counted while parsing: 1,000 aliases (3,000 tokens) stop before any AST is built. */
  tokens: 2_000,
} as const;

export type QueryLimit = keyof typeof QUERY_LIMITS;

const ADVICE: Record<QueryLimit, string> = {
  depth: 'ask for fewer nested fields',
  cost: 'ask for fewer fields or smaller pages (first)',
  aliases: 'split it into several requests',
  directives: 'use fewer directives',
  tokens: 'split it into several requests',
};

const WHAT: Record<QueryLimit, string> = {
  depth: 'levels of nesting',
  cost: 'estimated cost',
  aliases: 'aliases',
  directives: 'directives',
  tokens: 'tokens',
};

/** A request over one of QUERY_LIMITS: a client error with its own code, never a "Syntax Error". */
export class QueryLimitError extends AppError {
  constructor(limit: QueryLimit, found?: number) {
    const max = QUERY_LIMITS[limit];
    const size = found === undefined ? `more than ${max} ${WHAT[limit]}` : `${found} ${WHAT[limit]}`;
    super(AppErrorCode.QueryLimitExceeded, `The query has ${size}; at most ${max} are allowed: ${ADVICE[limit]}.`, { limit, max, ...(found === undefined ? {} : { found }) });
    this.name = 'QueryLimitError';
  }
}

/**
 * graphql-armor's rules reject with "Syntax Error: … limit of N exceeded, found M." even when the syntax is fine.
 * Report our own error instead (graphql-armor's messages expose the count only in their text).
 */
function reportAs(limit: QueryLimit): (context: ValidationContext | null, error: GraphQLError) => void {
  return (context, error) => {
    const found = /found (\d+)/.exec(error.message)?.[1];
    context?.reportError(new QueryLimitError(limit, found === undefined ? undefined : Number(found)));
  };
}

/**
 * Apollo options enforcing QUERY_LIMITS. Tokens are counted by graphql-js' own parser (`parseOptions.maxTokens`), so
 * an oversized document, like any syntax error, is a 400 GRAPHQL_PARSE_FAILED: graphql-armor's token plugin parses in
 * a plugin hook instead, where every throw (a plain syntax error too) became a 500.
 */
export function queryLimitOptions() {
  const rejecting = (limit: QueryLimit) => ({ propagateOnRejection: false, onReject: [reportAs(limit)] });
  const armor = new ApolloArmor({
    // A fragment counts as the fields it holds: unflattened, each spread added two levels of its own, so a console
    // or codegen client that spreads fragments was refused at half the depth of the same fields written out.
    maxDepth: { n: QUERY_LIMITS.depth, flattenFragments: true, ...rejecting('depth') },
    costLimit: { maxCost: QUERY_LIMITS.cost, ...rejecting('cost') },
    maxAliases: { n: QUERY_LIMITS.aliases, ...rejecting('aliases') },
    maxDirectives: { n: QUERY_LIMITS.directives, ...rejecting('directives') },
    maxTokens: { enabled: false },
  });
  const { plugins, validationRules, allowBatchedHttpRequests } = armor.protect();
  return {
    plugins,
    validationRules: validationRules as ValidationRule[],
    allowBatchedHttpRequests,
    parseOptions: { maxTokens: QUERY_LIMITS.tokens },
  };
}

/** graphql-js words a token overflow as a syntax error (GRAPHQL_PARSE_FAILED): show it as the limit it is. */
export function describeTokenLimit(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED' || !/^Syntax Error: Document contains more th[ae][nt] \d+ tokens/.test(formatted.message)) return formatted;
  const limit = new QueryLimitError('tokens');
  return { ...formatted, message: limit.message, extensions: { ...formatted.extensions, ...limit.extensions } };
}
