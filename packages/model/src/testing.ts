// @fewshot/model/testing: small fixtures other packages' tests use (a tiny MML configuration, synthetic item
// features, the demo ratings as a timed dataset). Not for production code.
export { loadDemoRatings, loadDemoTimedRatings, demoRatingsPath } from './data/testing/demo-ratings.ts';
export { syntheticFeatures, tinyMmlConfig } from './mml/testing.ts';
