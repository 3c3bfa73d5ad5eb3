/** Options of {@link setupSignalHandler}. @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/manager/signals/signal.go */
export interface SignalHandlerOptions {
  /** The signals that stop the program; default `SIGTERM` and `SIGINT`. */
  signals?: readonly NodeJS.Signals[] | undefined;
  /** What a second signal does; default `process.exit(1)` (the shutdown is stuck: give up). */
  onSecondSignal?: ((signal: NodeJS.Signals) => void) | undefined;
  /** The process to listen on; default the global `process` (tests pass an EventEmitter). */
  process?: Pick<NodeJS.Process, 'once' | 'removeListener'> | undefined;
}

/**
 * An AbortSignal that aborts on the first SIGTERM or SIGINT, for a controller binary's `main`
 * (controller-runtime's `SetupSignalHandler`): pass it to `runControllerManager`, whose promise
 * settles once everything shut down. A second signal exits at once with code 1. The signal's
 * `reason` is an Error naming the signal received.
 *
 * Caveat: installing a handler replaces Node's default of exiting on these signals for the whole
 * process; call it once, in the binary, never in a library.
 *
 * @example
 * ```ts
 * const signal = setupSignalHandler();
 * await runControllerManager({ controllers, signal });
 * ```
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/manager/signals/signal.go
 */
export function setupSignalHandler(options: SignalHandlerOptions = {}): AbortSignal {
  const proc = options.process ?? process;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const onSecond = options.onSecondSignal ?? (() => process.exit(1));
  const controller = new AbortController();
  const second = (received: NodeJS.Signals) => onSecond(received);
  const first = (received: NodeJS.Signals) => {
    for (const s of signals) {
      proc.removeListener(s, first);
      proc.once(s, second);
    }
    controller.abort(new Error(`received ${received}, shutting down`));
  };
  for (const s of signals) proc.once(s, first);
  return controller.signal;
}
