/// <reference path="./wasm/webassembly.d.ts" />
import { ArrayHeap, type Dtype, type Heap } from './heap.ts';
import type { KernelPath, Kernels } from './kernels.ts';
import { createTsKernels } from './ts-kernels/index.ts';
import { createSharedMemory, instantiateKernels, loadKernelModule, MAX_MEMORY_PAGES, type WasmKernelPath } from './wasm/load-module.ts';
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
  /** The most the memory may grow to (64 KiB pages). */
  maximumPages: number;
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
  /**
   * A ceiling for the WebAssembly heap below the 4,096 MB wasm32 allows (whole MB, at least 2): work that needs
   * more stops with a HeapFullError. For a host that must keep training's memory down (MmlConfig.heapMegabytes).
   */
  maxMegabytes?: number;
}

export function createEngine({ kernels = 'auto', dtype = 'float32', maxMegabytes }: EngineOptions = {}): Engine {
  if (kernels === 'typescript' || dtype === 'float64') {
    if (kernels !== 'typescript' && kernels !== 'auto') throw new Error(`${kernels} kernels are float32 only`);
    const heap = new ArrayHeap(dtype);
    return { heap, kernels: createTsKernels(heap), shared: undefined };
  }
  const loaded = loadKernelModule(kernels === 'auto' ? undefined : kernels);
  if (maxMegabytes !== undefined && !(Number.isInteger(maxMegabytes) && maxMegabytes >= 2 && maxMegabytes * 16 <= MAX_MEMORY_PAGES)) {
    throw new Error(`maxMegabytes must be a whole number from 2 to ${MAX_MEMORY_PAGES / 16}, got ${maxMegabytes}`);
  }
  const maximumPages = maxMegabytes === undefined ? MAX_MEMORY_PAGES : maxMegabytes * 16; // 16 pages of 64 KiB a MB
  const memory = createSharedMemory(Math.min(256, maximumPages), maximumPages);
  const heap = SharedHeap.create(memory, maximumPages);
  const handle = { memory, control: heap.control, module: loaded.module, path: loaded.path, maximumPages };
  return { heap, kernels: createWasmKernels(instantiateKernels(loaded, memory), loaded.path), shared: handle };
}

/** Joins an engine created on another thread: same memory, same allocator, its own module instance. */
export function joinEngine(handle: SharedEngineHandle): Engine {
  const heap = new SharedHeap(handle.memory, handle.control, handle.maximumPages);
  const exports = instantiateKernels({ module: handle.module, path: handle.path }, handle.memory);
  return { heap, kernels: createWasmKernels(exports, handle.path), shared: handle };
}
