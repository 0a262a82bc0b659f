import 'server-only';
import { redirect } from 'next/navigation';
import { currentSession, type Session } from './session';

export type Role = Session['role'];

/**
 * The signed-in person for a page or action, or a redirect to /sign-in that brings them back here. `role: 'ADMIN'`
 * pages answer `forbidden` for a merchandiser (the page shows why); the api refuses the same requests anyway.
 */
export async function requireSession(options: { role?: Role; from?: string } = {}): Promise<{ session: Session; forbidden: boolean }> {
  const session = await currentSession();
  if (!session) {
    redirect(`/sign-in?next=${encodeURIComponent(options.from ?? '/')}`);
  }
  return { session, forbidden: options.role === 'ADMIN' && session.role !== 'ADMIN' };
}

export const isAdmin = (session: Session) => session.role === 'ADMIN';
