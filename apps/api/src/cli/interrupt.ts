/**
 * Ctrl-C for long commands: the first press aborts the returned signal (the flow stops at its next check and
 * records why), a second one quits at once. `dispose()` removes the handler.
 */
export function abortOnInterrupt(whatHappens: string): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Error('interrupted (Ctrl-C)'));
    process.stderr.write(`\n${whatHappens} (Ctrl-C again to quit now)\n`);
  };
  process.on('SIGINT', onSignal);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSignal) };
}
