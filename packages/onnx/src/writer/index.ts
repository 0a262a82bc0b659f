export { writeOnnxModel, type OnnxAttribute, type OnnxElemType, type OnnxGraph, type OnnxInitializer, type OnnxNode, type OnnxValueInfo } from './onnx-model-writer.ts';
export { GraphBuilder } from './graph-builder.ts';
