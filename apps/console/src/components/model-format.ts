/** "2026-12-02T12:44:06.000Z" → "2026-12-02 12:44 UTC" (the same on server and browser); null → "–". */
export function when(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '–';
}

/** How a list was made (RecommendationPath), in a few words. */
export const PATH_LABELS: Record<string, string> = {
  WARM: 'warm',
  FEW_SHOT: 'few-shot',
  COLD_UNADAPTED: 'cold, not adapted',
  NO_HISTORY: 'counts: no history',
  NO_MODEL: 'counts: no version',
};

/** "1 item", "2,500 items": a count with its noun, singular for one. */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
