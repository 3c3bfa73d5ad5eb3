import { FakeClock } from '@kubekit/apimachinery';
import { WatchError } from '@kubekit/rest';
import { newReflector, type ReflectorOptions, type ReflectorStore } from '../reflector';
import { newFakeListerWatcher, type FakeListerWatcher } from '../testing';
import type { TestPod } from './test-helpers';

/** A ReflectorStore that records every call as a string. */
export class RecordingStore implements ReflectorStore<TestPod> {
  ops: string[] = [];
  add(o: TestPod) {
    this.ops.push(`add ${o.metadata!.name}@${o.metadata!.resourceVersion}`);
  }
  update(o: TestPod) {
    this.ops.push(`update ${o.metadata!.name}@${o.metadata!.resourceVersion}`);
  }
  delete(o: TestPod) {
    this.ops.push(`delete ${o.metadata!.name}@${o.metadata!.resourceVersion}`);
  }
  replace(list: readonly TestPod[], rv: string) {
    this.ops.push(`replace [${list.map((o) => o.metadata!.name).join(',')}]@${rv}`);
  }
  resync() {
    this.ops.push('resync');
  }
}

/** A Reflector over a fake ListerWatcher and a {@link RecordingStore}, on a fake clock. */
export function setup(
  options: Partial<ReflectorOptions<TestPod>> & { supportsWatchList?: boolean } = {},
): {
  lw: FakeListerWatcher<TestPod>;
  store: RecordingStore;
  clock: FakeClock;
  errors: unknown[];
  start: () => { stop: () => Promise<void>; done: Promise<void> };
  reflector: ReturnType<typeof newReflector<TestPod>>;
} {
  const lw = newFakeListerWatcher<TestPod>({ supportsWatchList: options.supportsWatchList });
  const store = new RecordingStore();
  const clock = new FakeClock();
  const errors: unknown[] = [];
  const reflector = newReflector<TestPod>({
    listerWatcher: lw,
    store,
    clock,
    random: () => 0,
    useWatchList: false,
    watchErrorHandler: (err) => errors.push(err),
    ...options,
  });
  const start = () => {
    const controller = new AbortController();
    const done = reflector.run({ signal: controller.signal });
    return {
      done,
      stop: async () => {
        controller.abort();
        await done;
      },
    };
  };
  return { lw, store, clock, errors, start, reflector };
}

/** The events of `stream` up to the first, then the error of a connection cut mid-stream. */
export async function* lostAfterFirstEvent<T>(stream: AsyncIterable<T>): AsyncGenerator<T> {
  for await (const event of stream) {
    yield event;
    throw new WatchError('ConnectionLost', 'watch connection lost: other side closed');
  }
}
