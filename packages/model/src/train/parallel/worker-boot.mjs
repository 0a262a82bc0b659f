// Worker threads start here: register tsx's loader in this thread, then load the TypeScript entry named in
// workerData (the workspace runs TypeScript sources directly, with no emit step).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
