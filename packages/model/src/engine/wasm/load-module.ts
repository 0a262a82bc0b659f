/// <reference path="./webassembly.d.ts" />
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

export type WasmKernelPath = 'wasm-simd' | 'wasm-relaxed-simd';

export interface KernelModule {
  readonly module: WebAssembly.Module;
  readonly path: WasmKernelPath;
}

const BUILD_DIR = new URL('../../../build/', import.meta.url);
const FILES: Record<WasmKernelPath, string> = {
  'wasm-simd': 'kernels.wasm',
  'wasm-relaxed-simd': 'kernels-relaxed.wasm',
};

const cache = new Map<WasmKernelPath, KernelModule>();

/**
 * Compiles the kernel module built by `npm run build -w @fewshot/model`. With no preference it takes the relaxed-SIMD
 * build (fused multiply-add: about a quarter faster gemm on x86 with FMA) when this V8 accepts it, else plain SIMD.
 */
export function loadKernelModule(prefer?: WasmKernelPath): KernelModule {
  const order: WasmKernelPath[] = prefer ? [prefer] : ['wasm-relaxed-simd', 'wasm-simd'];
  const errors: string[] = [];
  for (const path of order) {
    const cached = cache.get(path);
    if (cached) return cached;
    const file = fileURLToPath(new URL(FILES[path], BUILD_DIR));
    if (!existsSync(file)) {
      throw new Error(`WebAssembly kernels not found at ${file}: run npm run build -w @fewshot/model`);
    }
    // Node 20's V8 ships relaxed SIMD behind a flag; the flag only adds opcodes, so enabling it late is safe.
    if (path === 'wasm-relaxed-simd') v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
    try {
      const loaded = { module: new WebAssembly.Module(readFileSync(file)), path };
      cache.set(path, loaded);
      return loaded;
    } catch (error) {
      errors.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`no WebAssembly kernel build could be compiled (${errors.join('; ')})`);
}

/** Pages (64 KiB) the shared memory may grow to; 4 GiB is the wasm32 limit and the kernels' declared maximum. */
export const MAX_MEMORY_PAGES = 65536;

export function createSharedMemory(initialPages = 256, maximumPages = MAX_MEMORY_PAGES): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: initialPages, maximum: maximumPages, shared: true });
}

export function instantiateKernels(kernelModule: KernelModule, memory: WebAssembly.Memory): WebAssembly.Exports {
  const instance = new WebAssembly.Instance(kernelModule.module, {
    env: {
      memory,
      abort: () => {
        throw new Error('WebAssembly kernel aborted');
      },
    },
  });
  return instance.exports;
}
