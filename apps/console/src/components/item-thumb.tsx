/** An item's image through the console's proxy, or a grey placeholder that says there is none. */
export function ItemThumb({ id, title, hasImage, className = 'thumb' }: { id: string; title: string; hasImage: boolean; className?: string }) {
  if (!hasImage) return <span className={`${className} item-noimage`} role="img" aria-label={`${title}: no image`} />;
  return <img className={className} src={`/images/items/${encodeURIComponent(id)}`} alt={title} loading="lazy" />;
}
