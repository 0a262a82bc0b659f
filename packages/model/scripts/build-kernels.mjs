// Compiles the AssemblyScript kernels (assembly/*.ts) into build/: kernels.wasm (SIMD) and kernels-relaxed.wasm
// (SIMD + relaxed SIMD, i.e. fused multiply-add). Both builds run in parallel; any compiler error fails the build.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const asc = createRequire(import.meta.url).resolve('assemblyscript/bin/asc.js');
const common = [
  'assembly/index.ts',
  '--enable', 'simd',
  '--enable', 'threads', // shared memory: every training thread runs kernels on the same tensors
  '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536',
  '--runtime', 'stub', // kernels never allocate: the engine hands them pointers
  '-O3', '--noAssert',
];
const builds = [
  { out: 'build/kernels.wasm', extra: [] },
  { out: 'build/kernels-relaxed.wasm', extra: ['--enable', 'relaxed-simd'] },
];

mkdirSync(new URL('../build', import.meta.url), { recursive: true });
const results = await Promise.all(builds.map(({ out, extra }) => new Promise((resolve) => {
  const child = spawn(process.execPath, [asc, ...common, ...extra, '--outFile', out], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => resolve({ out, code }));
})));
const failed = results.filter((r) => r.code !== 0);
if (failed.length > 0) {
  console.error(`kernel build failed: ${failed.map((f) => f.out).join(', ')}`);
  process.exit(1);
}
console.log(`built ${results.map((r) => r.out).join(', ')}`);
