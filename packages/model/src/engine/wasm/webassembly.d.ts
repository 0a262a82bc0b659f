// The slice of the WebAssembly JS API the engine uses. The workspace's tsconfig has no DOM lib and
// @types/node 20 does not declare these, so files that touch WebAssembly reference this file.
declare global {
  namespace WebAssembly {
    interface MemoryDescriptor {
      initial: number;
      maximum?: number;
      shared?: boolean;
    }
    class Memory {
      constructor(descriptor: MemoryDescriptor);
      readonly buffer: ArrayBuffer;
      grow(deltaPages: number): number;
    }
    interface ModuleExportDescriptor {
      name: string;
      kind: string;
    }
    class Module {
      constructor(bytes: ArrayBufferView | ArrayBuffer);
      static exports(module: Module): ModuleExportDescriptor[];
      static imports(module: Module): Array<ModuleExportDescriptor & { module: string }>;
    }
    type Exports = Record<string, unknown>;
    type Imports = Record<string, Record<string, unknown>>;
    class Instance {
      constructor(module: Module, imports?: Imports);
      readonly exports: Exports;
    }
  }
}

export {};
