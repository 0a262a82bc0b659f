/// <reference path="./wasm/webassembly.d.ts" />
import { ArrayHeap, type Dtype, type Heap } from './heap.ts';
import type { KernelPath, Kernels } from './kernels.ts';
import { createTsKernels } from './ts-kernels/index.ts';
import { createSharedMemory, instantiateKernels, loadKernelModule, type WasmKernelPath } from './wasm/load-module.ts';
import { SharedHeap } from './wasm/shared-heap.ts';
import { createWasmKernels } from './wasm/wasm-kernels.ts';

/** Which kernels run: 'auto' takes the fastest WebAssembly build this Node accepts. */
export type KernelChoice = 'auto' | KernelPath;

/** Everything another thread needs to run kernels on the same tensors (WebAssembly path only). */
export interface SharedEngineHandle {
  memory: WebAssembly.Memory;
  control: Int32Array;
  module: WebAssembly.Module;
  path: WasmKernelPath;
}

/** A heap plus the kernels that compute on it. Each thread has its own Engine; WebAssembly engines share memory. */
export interface Engine {
  readonly heap: Heap;
  readonly kernels: Kernels;
  readonly shared: SharedEngineHandle | undefined;
}

export interface EngineOptions {
  kernels?: KernelChoice;
  /** float64 only exists on the TypeScript path (gradient checks). */
  dtype?: Dtype;
}

export function createEngine({ kernels = 'auto', dtype = 'float32' }: EngineOptions = {}): Engine {
  if (kernels === 'typescript' || dtype === 'float64') {
    if (kernels !== 'typescript' && kernels !== 'auto') throw new Error(`${kernels} kernels are float32 only`);
    const heap = new ArrayHeap(dtype);
    return { heap, kernels: createTsKernels(heap), shared: undefined };
  }
  const loaded = loadKernelModule(kernels === 'auto' ? undefined : kernels);
  const memory = createSharedMemory();
  const heap = SharedHeap.create(memory);
  const handle = { memory, control: heap.control, module: loaded.module, path: loaded.path };
  return { heap, kernels: createWasmKernels(instantiateKernels(loaded, memory), loaded.path), shared: handle };
}

/** Joins an engine created on another thread: same memory, same allocator, its own module instance. */
export function joinEngine(handle: SharedEngineHandle): Engine {
  const heap = new SharedHeap(handle.memory, handle.control);
  const exports = instantiateKernels({ module: handle.module, path: handle.path }, handle.memory);
  return { heap, kernels: createWasmKernels(exports, handle.path), shared: handle };
}
