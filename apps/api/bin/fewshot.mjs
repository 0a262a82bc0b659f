#!/usr/bin/env node
// The `fewshot` command: runs the TypeScript CLI through tsx's loader, so the workspace needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
