import type { Database } from '@fewshot/db';
import { createLoaders, type Loaders } from './loaders/index.ts';

/** Process-wide state the api reports on. */
export interface ApiState {
  startedAt: number;
  /** True while the demo catalog is being imported into an empty database. */
  seeding: boolean;
}

export interface ContextValue {
  db: Database;
  loaders: Loaders;
  state: ApiState;
}

export function createContext(db: Database, state: ApiState): ContextValue {
  return { db, loaders: createLoaders(db), state };
}
