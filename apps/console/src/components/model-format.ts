/** "2026-12-02T12:44:06.000Z" → "2026-12-02 12:44 UTC" (the same on server and browser); null → "–". */
export function when(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '–';
}
