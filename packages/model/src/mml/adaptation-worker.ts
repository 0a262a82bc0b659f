// Worker thread of an AdaptationPool: loads the model once from the artifact it is given, then adapts histories.
import { workerData } from 'node:worker_threads';
import { serveRequests } from '../train/parallel/worker-team.ts';
import { loadMmlModel } from './artifact.ts';
import type { AdaptationRequest, AdaptationResult } from './adaptation-pool.ts';

const { artifact } = (workerData as { init: { artifact: Uint8Array } }).init;
const { model } = loadMmlModel(artifact);

serveRequests((message): AdaptationResult => {
  const modules = model.adaptedLocalModules((message as AdaptationRequest).history);
  return { names: [...modules.keys()], values: [...modules.values()] };
});
