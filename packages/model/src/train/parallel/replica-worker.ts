// A data-parallel replica: joins the main thread's engine (same shared memory), binds the same SASRec parameters
// with its own gradient set, and computes its shard of each batch when the main thread bumps GEN.
import { parentPort, workerData } from 'node:worker_threads';
import { Adam, joinEngine, Workspace } from '../../engine/index.ts';
import { SasRec } from '../../sasrec/sasrec.ts';
import { bprShardStep } from '../bpr-shard-step.ts';
import { SharedBatch } from '../shared-batch.ts';
import * as w from './sync-words.ts';
import type { ReplicaInit } from './data-parallel.ts';

const init = workerData as ReplicaInit;
const engine = joinEngine(init.handle);
const model = SasRec.attach(engine, init.config, init.layout, init.replica);
const workspace = new Workspace(engine);
const batch = new SharedBatch(engine.heap, init.batch);
const optimizer = new Adam(engine, init.optimizer.options);
optimizer.attachState(model.params.filter((p) => !p.frozen), init.optimizer.state);
const shard = { index: init.replica, count: init.replicas };
const { ints, floats } = init.sync;

// Read the generation before announcing readiness: the main thread may issue the first step the moment it hears.
let seen = Atomics.load(ints, w.GEN);
parentPort?.postMessage('ready');
for (;;) {
  Atomics.wait(ints, w.GEN, seen);
  seen = Atomics.load(ints, w.GEN);
  const cmd = Atomics.load(ints, w.CMD);
  if (cmd === w.CMD_EXIT) {
    // This thread's activations live in shared memory: give their chunks to the main thread to reuse.
    parentPort?.postMessage({ released: workspace.handOver() });
    break;
  }
  try {
    if (cmd === w.CMD_UPDATE) {
      // The reduced gradients are in set 0; update this replica's shard of every parameter from there.
      model.store.reduceReplicaGrads(shard);
      model.store.useGradients(0);
      optimizer.step(model.params, shard);
      model.store.useGradients(init.replica);
    } else floats[w.lossSlot(init.replica)] = bprShardStep(model, workspace, batch, {
      replica: init.replica,
      replicas: init.replicas,
      B: ints[w.B]!,
      T: ints[w.T]!,
      normalizer: floats[w.NORMALIZER]!,
      seed: ints[w.SEED]!,
      step: ints[w.STEP]!,
    });
  } catch (error) {
    w.writeErrorText(init.sync, `replica ${init.replica}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    Atomics.store(ints, w.FAILED, 1);
  }
  Atomics.add(ints, w.DONE, 1);
  Atomics.notify(ints, w.DONE);
}
