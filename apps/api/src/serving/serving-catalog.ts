import { isDeepStrictEqual } from 'node:util';

/** One catalog item as serving needs it. */
export interface CatalogEntry {
  /** Database id of the item. */
  dbId: number;
  /** Lower-cased genres, for the `filter` argument. */
  genres: readonly string[];
  /** False for archived items: kept as rows (histories may hold them), never recommended. */
  active: boolean;
}

/**
 * The items a served model ranks, as rows of per-learner item-vector tables. Row 0 is padding, rows 1..n are the
 * model's own items in training order, and items that arrive later are appended with the vectors the generator
 * and the feature learners give them: the ONNX graph takes these tables as inputs, so a new row is a new
 * rankable item at once. Tables grow by doubling; a row once written never moves within its buffer, so a run in
 * flight keeps reading a consistent view.
 */
export class ServingCatalog {
  private size = 1;
  private capacity: number;
  private readonly vectors = new Map<string, Float32Array>();
  private readonly gains = new Map<string, Float32Array>();
  private readonly biases = new Map<string, Float32Array>();
  private entries: Array<CatalogEntry | undefined> = [undefined];
  private readonly rowByDbId = new Map<number, number>();
  private changes = 0;

  /**
   * `laterItemGains`: the fusion's item-axis gain per learner for items added without trained values (the model's
   * MmlModel.newItemGains(); 1 for each learner where not given).
   */
  constructor(readonly learners: readonly string[], readonly hiddenSize: number, initialCapacity = 1024, private readonly laterItemGains: ReadonlyMap<string, number> = new Map()) {
    this.capacity = Math.max(2, initialCapacity);
    for (const name of learners) {
      this.vectors.set(name, new Float32Array(this.capacity * hiddenSize));
      this.gains.set(name, new Float32Array(this.capacity - 1));
      this.biases.set(name, new Float32Array(this.capacity - 1));
    }
  }

  /** Advances on every change (an item added, re-placed or updated): answers computed before it may be stale. */
  get generation(): number {
    return this.changes;
  }

  /** Rows including padding (the `items` dimension of the graph). */
  get rows(): number {
    return this.size;
  }

  /**
   * Appends an item: its vector for every learner, and the fusion's item-axis gain and bias (trained values for
   * the model's items; for later ones the catalog's laterItemGains and 0). Returns its row.
   */
  add(entry: CatalogEntry, vectors: ReadonlyMap<string, Float32Array> | Record<string, Float32Array>, gain: ReadonlyMap<string, number> | number = this.laterItemGains, bias: ReadonlyMap<string, number> | number = 0): number {
    if (this.rowByDbId.has(entry.dbId)) throw new Error(`item ${entry.dbId} already has row ${this.rowByDbId.get(entry.dbId)}`);
    if (this.size === this.capacity) this.grow();
    const row = this.size;
    const D = this.hiddenSize;
    for (const name of this.learners) {
      const vector = vectors instanceof Map ? vectors.get(name) : (vectors as Record<string, Float32Array>)[name];
      if (!vector || vector.length !== D) throw new Error(`item ${entry.dbId} needs a ${D}-d ${name} vector`);
      this.vectors.get(name)!.set(vector, row * D);
      this.gains.get(name)![row - 1] = typeof gain === 'number' ? gain : (gain.get(name) ?? 1);
      this.biases.get(name)![row - 1] = typeof bias === 'number' ? bias : (bias.get(name) ?? 0);
    }
    this.entries[row] = entry;
    this.rowByDbId.set(entry.dbId, row);
    this.size++;
    this.changes++;
    return row;
  }

  rowOf(dbId: number): number | undefined {
    return this.rowByDbId.get(dbId);
  }

  entry(row: number): CatalogEntry | undefined {
    return this.entries[row];
  }

  /** Overwrites an item's vectors in place (an item placed after training whose features changed). */
  replaceVectors(dbId: number, vectors: ReadonlyMap<string, Float32Array>): void {
    const row = this.rowByDbId.get(dbId);
    if (row === undefined) throw new Error(`item ${dbId} has no row`);
    const D = this.hiddenSize;
    for (const name of this.learners) {
      const vector = vectors.get(name);
      if (!vector || vector.length !== D) throw new Error(`item ${dbId} needs a ${D}-d ${name} vector`);
    }
    // The same warm-up placed again (after a reconnect) changes nothing, so it keeps the generation.
    const same = this.learners.every((name) => vectors.get(name)!.every((v, d) => v === this.vectors.get(name)![row * D + d]));
    if (same) return;
    for (const name of this.learners) this.vectors.get(name)!.set(vectors.get(name)!, row * D);
    this.changes++;
  }

  /**
   * Refreshes an item's status and genres (its vectors stay: they change only with a new model or warm-up). The
   * generation advances only when something changed, so placing the same items again (after a reconnect) keeps
   * the answers computed meanwhile.
   */
  update(entry: CatalogEntry): void {
    const row = this.rowByDbId.get(entry.dbId);
    if (row === undefined) return;
    if (isDeepStrictEqual(this.entries[row], entry)) return;
    this.entries[row] = entry;
    this.changes++;
  }

  /** The graph's per-learner inputs at the current size: item vectors [rows, D], gain and bias [rows − 1]. */
  tables(name: string): { vectors: Float32Array; gain: Float32Array; bias: Float32Array } {
    const D = this.hiddenSize;
    return {
      vectors: this.vectors.get(name)!.subarray(0, this.size * D),
      gain: this.gains.get(name)!.subarray(0, this.size - 1),
      bias: this.biases.get(name)!.subarray(0, this.size - 1),
    };
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const D = this.hiddenSize;
    for (const name of this.learners) {
      const vectors = new Float32Array(capacity * D);
      vectors.set(this.vectors.get(name)!.subarray(0, this.size * D));
      this.vectors.set(name, vectors);
      for (const map of [this.gains, this.biases]) {
        const values = new Float32Array(capacity - 1);
        values.set(map.get(name)!.subarray(0, this.size - 1));
        map.set(name, values);
      }
    }
    this.capacity = capacity;
  }
}
