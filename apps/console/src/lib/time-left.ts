/**
 * "about 32 min left", "about 1 h 05 min left", "under a minute left" until an estimated end (ISO 8601, from the
 * api); null without one. Rounded to minutes, as an estimate should be. The CLI words its estimates alike
 * (apps/api's stage progress); the console imports nothing of the api's, so it has its own.
 */
export function timeLeft(finishesAt: string | null | undefined, now = Date.now()): string | null {
  if (!finishesAt) return null;
  const ms = Date.parse(finishesAt) - now;
  if (Number.isNaN(ms)) return null;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute left';
  if (minutes < 60) return `about ${minutes} min left`;
  return `about ${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min left`;
}
