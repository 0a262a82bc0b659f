// The evaluation flow: the cold-start protocol on a database, or on a dataset folder (imported into a cached one).
export { openDatasetDatabase, type DatasetDatabaseOptions, type DatasetSource } from './dataset-database.ts';
export { evaluateDatabase, type EvaluateDatabaseOptions } from './evaluate-database.ts';
