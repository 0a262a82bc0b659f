// The import flow: open a dataset folder in any supported format and load it into the database in one transaction.
export { IMPORT_FORMATS, openDataset, type ImportFormat } from './formats/detect.ts';
export {
  formatIssue,
  importDataset,
  ImportAbortedError,
  type ErrorPolicy,
  type ImportIssue,
  type ImportOptions,
  type ImportProgress,
  type ImportReport,
} from './run-import.ts';
export type { Dataset, InteractionRecord, ItemRecord, UserRecord } from './types.ts';
