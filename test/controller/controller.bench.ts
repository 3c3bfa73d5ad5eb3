/**
 * Throughput of @kubekit/controller's loop: informer events -> queue -> reconcile workers, with a
 * no-op reconcile, so what is measured is the glue itself (plus the informer). Run with
 * `npx tsx --conditions=@kubekit/source test/controller/controller.bench.ts`.
 */
import type { KubeObject } from '@kubekit/apimachinery';
import { newSharedIndexInformer } from '@kubekit/cache';
import { newFakeListerWatcher } from '@kubekit/cache/testing';
import { newController } from '@kubekit/controller';

const objects = Number(process.env.OBJECTS ?? 10_000);
const workers = Number(process.env.WORKERS ?? 4);

async function main(): Promise<void> {
  const lw = newFakeListerWatcher();
  for (let i = 0; i < objects; i++)
    lw.add({ metadata: { name: `cm-${i}`, namespace: 'default', uid: `u${i}` } } as KubeObject);
  const informer = newSharedIndexInformer({ listerWatcher: lw });
  let reconciles = 0;
  let target = objects;
  let reached: () => void = () => {};
  const controller = newController({
    name: 'bench',
    workers,
    reconcile: () => {
      if (++reconciles === target) reached();
    },
  });
  controller.watch(informer);
  const stop = new AbortController();
  const informerDone = informer.run({ signal: stop.signal });
  const waitFor = (n: number) =>
    new Promise<void>((resolve) => {
      target = n;
      reached = resolve;
    });

  let start = performance.now();
  const initial = waitFor(objects);
  const done = controller.run({ signal: stop.signal });
  await initial;
  const initialMs = performance.now() - start;

  start = performance.now();
  const burst = waitFor(2 * objects);
  for (const obj of lw.items()) lw.modify({ ...obj, data: { v: '1' } } as KubeObject);
  await burst;
  const burstMs = performance.now() - start;

  stop.abort();
  await Promise.all([done, informerDone]);
  const rate = (ms: number) => Math.round((objects / ms) * 1000);
  console.log(`objects=${objects} workers=${workers}`);
  console.log(`initial list -> reconciled: ${initialMs.toFixed(0)} ms (${rate(initialMs)} keys/s)`);
  console.log(`update burst -> reconciled: ${burstMs.toFixed(0)} ms (${rate(burstMs)} keys/s)`);
}

void main();
