export { seedDemoSlice, tinyTraining, trainTinyVersion, type DemoSlice } from './seed-demo-slice.ts';
