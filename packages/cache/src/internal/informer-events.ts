import type {
  InformerEvent,
  ResourceEventHandler,
  ResourceEventHandlerRegistration,
} from '../resource-event-handler';

/**
 * Adapts an event handler registration to an async iterator. The handler's promise resolves only
 * when the consumer takes the event, so the backlog waits in the informer's per-handler buffer
 * (bounded by coalescing) and a slow consumer never blocks the informer.
 */
export function informerEvents<T>(
  register: (handler: ResourceEventHandler<T>) => ResourceEventHandlerRegistration,
  signal: AbortSignal | undefined,
): AsyncIterableIterator<InformerEvent<T>> {
  let finished = false;
  let consumer: ((result: IteratorResult<InformerEvent<T>>) => void) | undefined;
  let offered: { event: InformerEvent<T>; taken: () => void } | undefined;

  const offer = (event: InformerEvent<T>) =>
    new Promise<void>((taken) => {
      if (finished) return taken();
      if (consumer) {
        const resolve = consumer;
        consumer = undefined;
        resolve({ value: event, done: false });
        taken();
      } else {
        offered = { event, taken };
      }
    });

  const registration = register({
    onAdd: (object, isInInitialList) => offer({ type: 'add', object, isInInitialList }),
    onUpdate: (oldObject, object) => offer({ type: 'update', oldObject, object }),
    onDelete: (object) => offer({ type: 'delete', object }),
  });

  const finish = (): IteratorResult<InformerEvent<T>> => {
    if (!finished) {
      finished = true;
      registration.remove();
      signal?.removeEventListener('abort', onAbort);
      offered?.taken();
      offered = undefined;
      consumer?.({ value: undefined, done: true });
      consumer = undefined;
    }
    return { value: undefined, done: true };
  };
  const onAbort = () => finish();
  if (signal?.aborted) finish();
  else signal?.addEventListener('abort', onAbort, { once: true });

  const iterator: AsyncIterableIterator<InformerEvent<T>> = {
    next() {
      if (finished) return Promise.resolve({ value: undefined, done: true });
      if (offered) {
        const { event, taken } = offered;
        offered = undefined;
        taken();
        return Promise.resolve({ value: event, done: false });
      }
      return new Promise((resolve) => {
        consumer = resolve;
      });
    },
    return() {
      return Promise.resolve(finish());
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
