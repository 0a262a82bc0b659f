'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { graphql } from '@/gql';
import { ApiError, request } from '@/lib/api';
import { requireSession } from '@/lib/auth';

const UserDelete = graphql(`
  mutation UserDelete($id: ID!) {
    deleteUser(id: $id) { id deletedInteractions }
  }
`);

/**
 * Deletes a user and their events, then opens the users list, which says what went. Only the api's message comes
 * back on failure (the user stays where they are).
 */
export async function deleteUser(id: string): Promise<{ error: string | null }> {
  const { session, forbidden } = await requireSession({ from: `/users/${encodeURIComponent(id)}`, role: 'ADMIN' });
  if (forbidden) return { error: 'Only admins delete users.' };
  let deleted;
  try {
    deleted = (await request(session, UserDelete, { id })).deleteUser;
  } catch (error) {
    return { error: error instanceof ApiError ? error.message : 'The api could not be reached; try again.' };
  }
  revalidatePath('/users');
  redirect(`/users?${new URLSearchParams({ deleted: deleted.id, events: String(deleted.deletedInteractions) })}`);
}
