import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { repositoryRoot } from '@fewshot/db';


/** A free TCP port on loopback, from the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Started {
  child: ChildProcess;
  output: () => string;
  /** Sends a signal to the whole process group and waits for the exit: its code, or the signal that ended it. */
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
}

/** Starts a process in its own group with output captured (shown when a test fails). */
export function startProcess(command: string, args: string[], env: Record<string, string>): Started {
  // eslint-disable-next-line no-restricted-properties -- the process under test inherits the test's environment
  const child = spawn(command, args, { cwd: repositoryRoot, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return {
    child,
    output: () => output,
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          // Like Ctrl-C in a terminal: the signal goes to the whole foreground process group (npm and the script).
          process.kill(-child.pid, signal);
        } catch {}
      }
      return exited;
    },
  };
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string, output?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}${output ? `\n--- output ---\n${output().slice(-4000)}` : ''}`);
}

export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.on('connect', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });
}
