// Where data comes from: the event log (from a dataset folder or the database) and the datasets' locations.
export { DEMO_CATALOG_DIR } from './demo-catalog.ts';
export { loadEventLogFromDatabase, loadEventLogFromDirectory, type EventLog } from './event-log.ts';
export { hasMl100k, hasPosters, ml100kDir, postersDir, sharedDataDir } from './shared-datasets.ts';
