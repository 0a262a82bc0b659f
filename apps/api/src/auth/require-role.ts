import type { ApiKeyRole } from '@fewshot/db';
import type { ContextValue } from '../context.ts';
import { AppError, AppErrorCode } from '../errors.ts';
import type { ApiKeyIdentity } from './authenticate.ts';

/**
 * Who may do what (architecture.md): ADMIN everything, keys included; MERCHANDISER item reads and writes;
 * FRONTEND recommendations, interactions and reads. A resolver names the roles its operation is for; ADMIN always
 * passes. Read queries only need a valid key (`requireKey`).
 */
export function requireRole(context: Pick<ContextValue, 'auth'>, role: ApiKeyRole | readonly ApiKeyRole[]): ApiKeyIdentity {
  const allowed: readonly ApiKeyRole[] = typeof role === 'string' ? [role] : role;
  const identity = requireAuthenticated(context, allowed[0] ?? 'ADMIN');
  if (identity.role === 'ADMIN' || allowed.includes(identity.role)) return identity;
  const needed = [...allowed.filter((r) => r !== 'ADMIN'), 'ADMIN'].map((r) => r.toLowerCase());
  throw new AppError(
    AppErrorCode.Forbidden,
    `this needs an API key with role ${needed.join(' or ')}; the key "${identity.name}" (id ${identity.keyId}) has role ${identity.role.toLowerCase()}`,
    { requiredRoles: needed },
  );
}

/** Any valid key: what read queries need. */
export function requireKey(context: Pick<ContextValue, 'auth'>): ApiKeyIdentity {
  return requireAuthenticated(context, 'FRONTEND');
}

function requireAuthenticated({ auth }: Pick<ContextValue, 'auth'>, suggested: ApiKeyRole): ApiKeyIdentity {
  if (auth) return auth;
  // The same answer for a missing, unknown or revoked key: a caller learns nothing about which keys exist.
  throw new AppError(
    AppErrorCode.Unauthenticated,
    `no valid API key: send an API key in the Authorization header: Bearer <key>; create one with npx fewshot keys create --role ${suggested.toLowerCase()}`,
  );
}
