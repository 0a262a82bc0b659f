'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState, useTransition } from 'react';
import { setItemArchivedAction, updateItemAction, type EditState } from '@/app/items/actions';

export interface EditableItem {
  id: string;
  title: string;
  description: string | null;
  genres: string[];
  year: number | null;
  hasImage: boolean;
}

/** The item's edit form: text, genres, year, and a new image (upload or URL) or its removal. */
export function ItemEditForm({ item }: { item: EditableItem }) {
  const [state, action, pending] = useActionState<EditState, FormData>(updateItemAction.bind(null, item.id), { error: null, notice: null });
  const router = useRouter();
  // The page shows the saved item (the action revalidates it; this makes sure the current view re-renders).
  useEffect(() => {
    if (state.notice) router.refresh();
  }, [state, router]);
  // A form resets after its action: the key re-mounts the fields with what was typed (refused) or what was saved.
  const v = state.values ?? { title: item.title, description: item.description ?? '', genres: item.genres.join(', '), year: item.year === null ? '' : String(item.year), imageUrl: '' };
  return (
    <form key={JSON.stringify(v)} action={action} className="form item-form" aria-label="Edit item">
      <label htmlFor="edit-title">Title</label>
      <input id="edit-title" name="title" defaultValue={v.title} required maxLength={500} />
      <label htmlFor="edit-description">Description</label>
      <textarea id="edit-description" name="description" defaultValue={v.description} rows={4} maxLength={10000} />
      <label htmlFor="edit-genres">Genres</label>
      <input id="edit-genres" name="genres" defaultValue={v.genres} aria-describedby="edit-genres-help" />
      <p id="edit-genres-help" className="muted small">Separated by commas, e.g. Comedy, Drama.</p>
      <label htmlFor="edit-year">Year</label>
      <input id="edit-year" name="year" defaultValue={v.year} inputMode="numeric" placeholder="e.g. 1995" />
      <label htmlFor="edit-image">New image (JPEG or PNG, at most 25 MB)</label>
      <input id="edit-image" name="image" type="file" accept="image/png,image/jpeg" />
      <label htmlFor="edit-image-url">…or a new image URL</label>
      <input id="edit-image-url" name="imageUrl" type="url" defaultValue={v.imageUrl} placeholder="https://…/poster.jpg" />
      {item.hasImage ? (
        <label className="item-check"><input type="checkbox" name="removeImage" /> Remove the image</label>
      ) : null}
      {state.error ? <p className="error" role="alert">{state.error}</p> : null}
      {state.notice ? <p className="notice" role="status">{state.notice}</p> : null}
      <div className="actions">
        <button type="submit" className="button" disabled={pending}>{pending ? 'Saving…' : 'Save changes'}</button>
      </div>
    </form>
  );
}

/** Archive or restore, each after a confirmation that says what it does. */
export function ItemArchiveControl({ id, title, archived }: { id: string; title: string; archived: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const [state, setState] = useState<EditState>({ error: null, notice: null });
  const [pending, startTransition] = useTransition();
  const verb = archived ? 'Restore' : 'Archive';
  const run = () => startTransition(async () => {
    setState(await setItemArchivedAction(id, !archived));
    setConfirming(false);
  });
  return (
    <div className="item-archive">
      {confirming ? (
        <div className="item-confirm" role="group" aria-label={`Confirm ${verb.toLowerCase()}`}>
          <p>
            {archived
              ? <>Restore “{title}”? Recommendations can include it again.</>
              : <>Archive “{title}”? Recommendations stop including it at once; its history stays and you can restore it.</>}
          </p>
          <div className="actions">
            <button type="button" className={archived ? 'button' : 'button danger'} onClick={run} disabled={pending}>{pending ? `${verb === 'Archive' ? 'Archiving' : 'Restoring'}…` : `Yes, ${verb.toLowerCase()} it`}</button>
            <button type="button" className="button secondary" onClick={() => setConfirming(false)} disabled={pending}>Cancel</button>
          </div>
        </div>
      ) : (
        <button type="button" className={archived ? 'button secondary' : 'button danger'} onClick={() => setConfirming(true)}>{verb} item…</button>
      )}
      {state.error ? <p className="error" role="alert">{state.error}</p> : null}
      {state.notice ? <p className="notice" role="status">{state.notice}</p> : null}
    </div>
  );
}
