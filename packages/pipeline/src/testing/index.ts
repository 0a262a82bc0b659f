export { seedDemoSlice, tinyTraining, tinyTrainingSeenRunning, trainTinyVersion, type DemoSlice } from './seed-demo-slice.ts';
export { copyModelVersion } from './copy-model-version.ts';
export { addLateItems } from './late-items.ts';
export { createVersion } from './stand-in-version.ts';
