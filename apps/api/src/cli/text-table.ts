/** Columns padded to their widest cell, two spaces apart, the header first: the CLI's listings. */
export function textTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cell) => cell[column]?.length ?? 0)));
  return [header, ...rows].map((cell) => cell.map((text, column) => text.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}
