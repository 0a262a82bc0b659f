/** An item's image through the console's proxy (/images/items/<id>), or a neutral box saying it has none. */
export function ItemImage({ item, size }: { item: { id: string; title: string; imageUrl?: string | null }; size: 'thumb' | 'card' }) {
  if (!item.imageUrl) {
    return (
      <div className={size === 'thumb' ? 'thumb rec-no-image' : 'card-image rec-no-image'} role="img" aria-label={`${item.title} has no image`} data-testid="no-image">
        <span aria-hidden="true">no image</span>
      </div>
    );
  }
  return <img className={size === 'thumb' ? 'thumb' : undefined} src={`/images/items/${encodeURIComponent(item.id)}`} alt="" loading="lazy" data-testid="item-image" />;
}
