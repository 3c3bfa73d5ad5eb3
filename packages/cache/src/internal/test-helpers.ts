import type { KubeObject } from '@kubekit/apimachinery';
import { isDeletedFinalStateUnknown } from '../deleted-final-state-unknown';

/** A test object: a pod-shaped plain JSON object. */
export interface TestPod extends KubeObject {
  spec?: { nodeName?: string; containers?: { name: string; image?: string }[] };
  status?: { phase?: string };
}

/** Builds a {@link TestPod}. */
export function pod(
  name: string,
  namespace = 'default',
  extra: { labels?: Record<string, string>; node?: string; rv?: string; phase?: string } = {},
): TestPod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.rv ? { resourceVersion: extra.rv } : {}),
    },
    spec: { nodeName: extra.node ?? '' },
    status: { phase: extra.phase ?? 'Pending' },
  };
}

const realSetImmediate = globalThis.setImmediate;

/** One macrotask turn (immune to jest fake timers). */
export const turn = (): Promise<void> => new Promise((resolve) => realSetImmediate(resolve));

/**
 * Lets the code under test run until `condition` holds; throws after `maxTurns` turns. For code
 * driven by a fake clock or by the test itself.
 */
export async function until(
  condition: () => boolean,
  what = 'condition',
  maxTurns = 5000,
): Promise<void> {
  for (let i = 0; i < maxTurns; i++) {
    if (condition()) return;
    await turn();
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A handler that checks its notifications form a consistent sequence per key (add when absent;
 * update from the last state seen; delete when present) and tracks the state it implies.
 */
export function sequenceChecker<T extends KubeObject>(): {
  handler: {
    onAdd(obj: T): void;
    onUpdate(oldObj: T, newObj: T): void;
    onDelete(obj: T | { key: string; obj: T | undefined }): void;
  };
  /** The objects the handler believes exist, by key. */
  state: Map<string, T>;
  violations: string[];
  notifications: () => number;
} {
  const state = new Map<string, T>();
  const violations: string[] = [];
  let count = 0;
  const keyOf = (o: KubeObject) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
  const rv = (o: KubeObject | undefined) => o?.metadata?.resourceVersion;
  return {
    state,
    violations,
    notifications: () => count,
    handler: {
      onAdd(obj) {
        count++;
        const key = keyOf(obj);
        if (state.has(key)) violations.push(`add of present ${key}@${rv(obj)}`);
        state.set(key, obj);
      },
      onUpdate(oldObj, newObj) {
        count++;
        const key = keyOf(newObj);
        const current = state.get(key);
        if (!current) violations.push(`update of absent ${key}`);
        else if (rv(current) !== rv(oldObj))
          violations.push(`update of ${key} from ${rv(oldObj)}, last seen ${rv(current)}`);
        state.set(key, newObj);
      },
      onDelete(obj) {
        count++;
        const key = isDeletedFinalStateUnknown(obj)
          ? `${obj.key.includes('/') ? '' : '/'}${obj.key}`
          : keyOf(obj as KubeObject);
        if (!state.has(key)) violations.push(`delete of absent ${key}`);
        state.delete(key);
      },
    },
  };
}

/** Polls `condition` every 5 ms until it holds; throws after `timeoutMs` of real time (for I/O). */
export async function eventually(
  condition: () => boolean,
  what = 'condition',
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
