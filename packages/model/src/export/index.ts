export { exportServingGraph, SERVING_GRAPH_VERSION, type ServingGraph } from './serving-graph.ts';
