// A task worker: joins the main thread's engine, binds its own task copy of a learner (sharing θ's item tables)
// and runs meta-training and adaptation requests on it.
import { workerData } from 'node:worker_threads';
import { joinEngine, type SharedEngineHandle } from '../engine/index.ts';
import { serveRequests } from '../train/parallel/worker-team.ts';
import { TaskLearner, type TaskLearnerInit } from './task-learner.ts';
import { runTaskRequest, type TaskRequest } from './task-ops.ts';

const { handle, learner: init } = (workerData as { init: { handle: SharedEngineHandle; learner: TaskLearnerInit } }).init;
const learner = TaskLearner.attach(joinEngine(handle), init);
serveRequests((message) => {
  // Before the pool ends this thread: its working memory goes to the main thread to free (shared memory).
  if ((message as { kind: string }).kind === 'hand-over') return learner.handOver();
  return runTaskRequest(learner, message as TaskRequest);
});
