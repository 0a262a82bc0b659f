import type { ApiKeyRole } from '@fewshot/db';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { requireKey, requireRole } from './require-role.ts';

const as = (role: ApiKeyRole) => ({ auth: { keyId: 7, role, name: `${role.toLowerCase()} app` } });
const anonymous = { auth: null };

function code(run: () => unknown): unknown {
  try {
    run();
    return 'allowed';
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return (error as GraphQLError).extensions.code;
  }
}

describe('requireRole', () => {
  it('lets ADMIN do everything and each role what it is for', () => {
    const table = (['FRONTEND', 'MERCHANDISER', 'ADMIN'] as const).map((role) => ({
      role,
      frontendThing: code(() => requireRole(as(role), 'FRONTEND')),
      itemWrite: code(() => requireRole(as(role), 'MERCHANDISER')),
      adminThing: code(() => requireRole(as(role), 'ADMIN')),
      itemRead: code(() => requireRole(as(role), ['FRONTEND', 'MERCHANDISER'])),
      anyKey: code(() => requireKey(as(role))),
    }));
    expect(table).toEqual([
      { role: 'FRONTEND', frontendThing: 'allowed', itemWrite: 'FORBIDDEN', adminThing: 'FORBIDDEN', itemRead: 'allowed', anyKey: 'allowed' },
      { role: 'MERCHANDISER', frontendThing: 'FORBIDDEN', itemWrite: 'allowed', adminThing: 'FORBIDDEN', itemRead: 'allowed', anyKey: 'allowed' },
      { role: 'ADMIN', frontendThing: 'allowed', itemWrite: 'allowed', adminThing: 'allowed', itemRead: 'allowed', anyKey: 'allowed' },
    ]);
  });

  it('returns the caller', () => {
    expect(requireRole(as('MERCHANDISER'), 'MERCHANDISER')).toEqual({ keyId: 7, role: 'MERCHANDISER', name: 'merchandiser app' });
  });

  describe('EXPECTED FAILURE', () => {
    it('answers a request without a valid key with UNAUTHENTICATED and says how to get one', () => {
      expect(() => requireKey(anonymous)).toThrow(
        'no valid API key: send an API key in the Authorization header: Bearer <key>; create one with npx fewshot keys create --role frontend',
      );
      expect(code(() => requireRole(anonymous, 'ADMIN'))).toBe('UNAUTHENTICATED');
      expect(() => requireRole(anonymous, 'MERCHANDISER')).toThrow('npx fewshot keys create --role merchandiser');
    });

    it('answers a role too weak with FORBIDDEN naming the roles that may', () => {
      expect(() => requireRole(as('FRONTEND'), 'ADMIN')).toThrow('this needs an API key with role admin; the key "frontend app" (id 7) has role frontend');
      expect(() => requireRole(as('FRONTEND'), 'MERCHANDISER')).toThrow('this needs an API key with role merchandiser or admin;');
    });
  });
});
