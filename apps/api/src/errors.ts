import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** Every error code a client can see. Anything else is masked as INTERNAL_SERVER_ERROR. */
export enum AppErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  NotFound = 'NOT_FOUND',
  /** A create names an id that is taken (e.g. createItem with an existing item id). */
  AlreadyExists = 'ALREADY_EXISTS',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  /** The request is over one of the query limits (depth, cost, aliases, directives, tokens): HTTP 400. */
  QueryLimitExceeded = 'QUERY_LIMIT_EXCEEDED',
  /** The request is sound but what it acts on is in the wrong state (cancel a finished job, retry a running one). */
  FailedPrecondition = 'FAILED_PRECONDITION',
  /** A service the request needs is not configured or not reachable now (the job queue's Redis); try again later. */
  Unavailable = 'SERVICE_UNAVAILABLE',
  /** The caller is over its request rate limit (protection/rate-limits.ts): HTTP 429 with Retry-After. */
  RateLimited = 'RATE_LIMITED',
  Internal = 'INTERNAL_SERVER_ERROR',
}

/** An expected failure with a message a person can act on. */
export class AppError extends GraphQLError {
  constructor(code: AppErrorCode, message: string, details?: Record<string, unknown>) {
    super(message, { extensions: { code, ...(details ? { details } : {}) } });
    this.name = 'AppError';
  }
}

export function badInput(message: string, field?: string): AppError {
  return new AppError(AppErrorCode.BadUserInput, message, field ? { field } : undefined);
}

// Codes produced by Apollo and graphql-js themselves for malformed requests: safe to show as they are.
const CLIENT_FACING_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  AppErrorCode.QueryLimitExceeded,
]);

function isGraphQLError(error: unknown): boolean {
  return error instanceof GraphQLError || Object.prototype.toString.call(error) === '[object GraphQLError]';
}

/**
 * Apollo's formatError: AppErrors and request errors pass through; every other error (a database failure, a bug)
 * is logged with its stack and reaches the client only as a generic message, so internals never leak.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code;
  if (original instanceof AppError) return formatted;
  // A validation rule's AppError reaches here wrapped by Apollo (ValidationError, coded GRAPHQL_VALIDATION_FAILED):
  // show it with its own code.
  const cause = (original as { originalError?: unknown } | null)?.originalError;
  if (cause instanceof AppError) return { ...formatted, message: cause.message, extensions: { ...formatted.extensions, ...cause.extensions } };
  // graphql-js, Apollo (ValidationError, …) and graphql-armor raise GraphQLErrors for malformed requests; a resolver's
  // plain Error is unwrapped above. Checked by graphql's own toStringTag, since graphql-armor loads another copy of
  // graphql and instanceof fails across copies.
  if (isGraphQLError(original) && typeof code === 'string' && CLIENT_FACING_CODES.has(code)) return formatted;
  console.error('fewshot api: internal error', original instanceof Error ? original.stack : original);
  return {
    message: 'Internal server error: the request could not be completed. It has been logged; try again or contact the operator.',
    extensions: { code: AppErrorCode.Internal },
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
  };
}
