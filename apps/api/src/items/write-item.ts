import type { Database, Item as ItemRow } from '@fewshot/db';
import { AppError, AppErrorCode } from '../errors.ts';
import { removeItemImage, storeItemImage, type AcceptedImage } from '../images/item-image.ts';
import { composeAttributes, type CheckedItemFields } from './item-input.ts';

const notFound = (externalId: string) => new AppError(AppErrorCode.NotFound, `there is no item "${externalId}"`, { field: 'id' });

export const alreadyExists = (externalId: string) => new AppError(AppErrorCode.AlreadyExists, `an item with id "${externalId}" already exists: updateItem changes it`, { field: 'input.id' });

/** Creates an item with its image in one transaction; an id that is taken is ALREADY_EXISTS. */
export async function insertItem(db: Database, fields: CheckedItemFields & { externalId: string; title: string }, image: AcceptedImage | null): Promise<ItemRow> {
  const id = await db.sql.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO items (external_id, title, description, attributes) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (external_id) DO NOTHING RETURNING id`,
      [fields.externalId, fields.title, fields.description ?? null, JSON.stringify(composeAttributes(fields.attributes ?? {}, fields.genres, fields.year))],
    );
    if (!row) throw alreadyExists(fields.externalId);
    if (image) await storeItemImage(tx, row.id, image);
    return row.id;
  });
  return db.prisma.item.findUniqueOrThrow({ where: { id } });
}

interface ExistingItem {
  id: number;
  title: string;
  description: string | null;
  attributes: Record<string, unknown> | null;
}

/**
 * Applies a patch (absent fields unchanged, null clears) and the image change in one transaction; the row is
 * written only when something differs, so an unchanged patch leaves updated_at (and the features) alone.
 */
export async function patchItem(db: Database, externalId: string, patch: CheckedItemFields & { removeImage: boolean }, image: AcceptedImage | null): Promise<ItemRow> {
  const id = await db.sql.transaction(async (tx) => {
    const [item] = await tx.query<ExistingItem>(`SELECT id, title, description, attributes FROM items WHERE external_id = $1 FOR UPDATE`, [externalId]);
    if (!item) throw notFound(externalId);
    const { genres: oldGenres, year: oldYear, ...rest } = item.attributes ?? {};
    const attributes = composeAttributes(
      patch.attributes === undefined ? rest : (patch.attributes ?? {}),
      patch.genres === undefined ? (Array.isArray(oldGenres) ? oldGenres.map(String) : null) : patch.genres,
      patch.year === undefined ? (typeof oldYear === 'number' ? oldYear : null) : patch.year,
    );
    await tx.query(
      `UPDATE items SET title = $2, description = $3, attributes = $4::jsonb, updated_at = CURRENT_TIMESTAMP
        WHERE id = $1 AND (title, description, attributes) IS DISTINCT FROM ($2, $3, $4::jsonb)`,
      [item.id, patch.title ?? item.title, patch.description === undefined ? item.description : patch.description, JSON.stringify(attributes)],
    );
    if (image) await storeItemImage(tx, item.id, image);
    else if (patch.removeImage) await removeItemImage(tx, item.id);
    return item.id;
  });
  return db.prisma.item.findUniqueOrThrow({ where: { id } });
}

/** Archives (never recommended again) or restores an item. */
export async function setItemStatus(db: Database, externalId: string, status: 'ACTIVE' | 'ARCHIVED'): Promise<ItemRow> {
  const [row] = await db.sql.query<{ id: number }>(
    `UPDATE items SET status = $2::item_status, updated_at = CASE WHEN status = $2::item_status THEN updated_at ELSE CURRENT_TIMESTAMP END
      WHERE external_id = $1 RETURNING id`,
    [externalId, status],
  );
  if (!row) throw notFound(externalId);
  return db.prisma.item.findUniqueOrThrow({ where: { id: row.id } });
}
