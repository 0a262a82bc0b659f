/** A time as the CLI's listings show it: to the minute, in UTC ("2026-12-07 08:51 UTC"). */
export function utcMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Columns padded to their widest cell, two spaces apart, the header first: the CLI's listings. */
export function textTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cell) => cell[column]?.length ?? 0)));
  return [header, ...rows].map((cell) => cell.map((text, column) => text.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}
