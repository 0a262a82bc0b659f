// Helpers for tests that need real (tiny) ONNX models and the shared posters, never mocks of the encoders.
export { writeTinyTextModel, mulberry32, type TinyTextModelOptions } from './tiny-text-model.ts';
export { writeTinyImageModel } from './tiny-image-model.ts';
export { posterPath, POSTERS_DIRECTORY } from './posters.ts';
