/** An AbortController that also aborts (with the same reason) when `parent` aborts. */
export interface LinkedAbort {
  readonly signal: AbortSignal;
  abort(reason: unknown): void;
  /** Detaches from the parent; call when done so no listener is left behind. */
  dispose(): void;
}

/** Creates a {@link LinkedAbort} under `parent` (already aborted if `parent` is). */
export function linkedAbort(parent?: AbortSignal): LinkedAbort {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) onAbort();
  else parent?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    dispose: () => parent?.removeEventListener('abort', onAbort),
  };
}
