// Worker entry point: registers tsx's loader in this thread (workers do not inherit it) and runs the TypeScript
// message loop. Kept as .mjs so Node can start it without any loader.
import { register } from 'tsx/esm/api';

register();
await import('./encoder-worker.ts');
