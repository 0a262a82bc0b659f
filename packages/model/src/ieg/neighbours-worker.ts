// A neighbour-search helper thread: joins the calling thread's engine and takes blocks of rows of a search whose
// feature table lives in the shared heap, until none is left (nearestNeighbours).
import { workerData } from 'node:worker_threads';
import { joinEngine, Workspace, type SharedEngineHandle } from '../engine/index.ts';
import { serveRequests } from '../train/parallel/worker-team.ts';
import { searchBlock, takeBlock, type NeighbourBlocks } from './neighbours.ts';

const { handle } = (workerData as { init: { handle: SharedEngineHandle } }).init;
const engine = joinEngine(handle);
serveRequests((message) => {
  const workspace = new Workspace(engine);
  try {
    const job = message as NeighbourBlocks;
    let taken = 0;
    for (let block = takeBlock(job); block !== null; block = takeBlock(job), taken++) searchBlock(engine, workspace, job, block);
    return taken;
  } finally {
    workspace.release();
  }
});
