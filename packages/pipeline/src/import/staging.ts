import type { SqlExecutor } from '@fewshot/db';
import type { InteractionRecord, ItemRecord, RecordKind, UserRecord } from './types.ts';

/**
 * Rows are first streamed into temporary staging tables with COPY, in batches; validation and the merge into the
 * real tables are then set-based SQL. The staging tables live in the import's transaction and vanish with it.
 */
export const STAGING_DDL = `
CREATE TEMP TABLE stage_items (file_no int, line int, external_id text, title text, description text, attributes jsonb, image_uri text) ON COMMIT DROP;
CREATE TEMP TABLE stage_users (file_no int, line int, external_id text, attributes jsonb) ON COMMIT DROP;
CREATE TEMP TABLE stage_interactions (seq bigint, file_no int, line int, user_ext text, item_ext text, kind text, value float8, occurred_at timestamptz, client_event_id text) ON COMMIT DROP;
`;

const COLUMNS: Record<RecordKind, readonly string[]> = {
  items: ['file_no', 'line', 'external_id', 'title', 'description', 'attributes', 'image_uri'],
  users: ['file_no', 'line', 'external_id', 'attributes'],
  interactions: ['seq', 'file_no', 'line', 'user_ext', 'item_ext', 'kind', 'value', 'occurred_at', 'client_event_id'],
};

/** CSV field: text always quoted (so an empty string stays a string), null as an empty unquoted field. */
function field(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return `"${value.replaceAll('"', '""')}"`;
}

function csvLine(values: Array<string | number | null>): string {
  return `${values.map(field).join(',')}\n`;
}

export function stagedItem(fileNo: number, line: number, item: ItemRecord): string {
  return csvLine([fileNo, line, item.externalId, item.title, item.description, JSON.stringify(item.attributes), item.imageUri]);
}

export function stagedUser(fileNo: number, line: number, user: UserRecord): string {
  return csvLine([fileNo, line, user.externalId, JSON.stringify(user.attributes)]);
}

export function stagedInteraction(seq: number, fileNo: number, line: number, event: InteractionRecord): string {
  return csvLine([seq, fileNo, line, event.userExternalId, event.itemExternalId, event.kind, event.value, new Date(event.occurredAt).toISOString(), event.clientEventId]);
}

/** Buffers CSV lines for one staging table and COPYs them every `batchSize` rows. */
export class StagingWriter {
  #lines: string[] = [];
  rows = 0;

  constructor(
    private readonly tx: SqlExecutor,
    private readonly kind: RecordKind,
    private readonly batchSize: number,
  ) {}

  add(line: string): void {
    this.#lines.push(line);
    this.rows++;
  }

  /** COPYs the buffer once it holds a batch; call between input batches. */
  async flushIfFull(): Promise<void> {
    if (this.#lines.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#lines.length === 0) return;
    const csv = this.#lines.join('');
    this.#lines = [];
    await this.tx.copyFromCsv(`stage_${this.kind}`, COLUMNS[this.kind], csv);
  }
}
