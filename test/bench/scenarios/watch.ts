/**
 * Scenario 2: watch events into an informer's update handler.
 *
 * Throughput: the server process writes `burst` updates back to back (round-robin over the
 * watched pods); measured from the first write until the handler has seen every pod's last
 * update, with the client's CPU time per update. Latency: `paced` updates written one every
 * `intervalMs`; each carries its write time (wall clock of the server process), and the handler
 * records now minus that, p50 and p99.
 */
import { clientNames } from '../clients';
import { serverOf, type BenchContext, type Scenario } from '../context';
import { interleaved, percentile, rowsOf, timed, type Sample } from '../harness';
import type { BenchPod } from '../bench-pod';
import { startInformer } from '../informers';
import { stampAnnotation } from '../server-protocol';

const namespace = 'watch';
const preciseNow = () => performance.timeOrigin + performance.now();

/** Tracks the update handler until every pod has seen its last expected sequence number (and each update's latency). */
export class Expectation {
  readonly latencies: number[] = [];
  events = 0;
  #remaining: Map<string, number>;
  #done!: () => void;
  readonly done = new Promise<void>((resolve) => (this.#done = resolve));

  constructor(names: string[], total: number, firstSeq: number) {
    this.#remaining = new Map();
    for (let i = 0; i < total; i++) this.#remaining.set(names[i % names.length]!, firstSeq + i);
  }

  observe(pod: BenchPod): void {
    const annotations = pod.metadata?.annotations ?? {};
    const now = preciseNow();
    this.events++;
    this.latencies.push(now - Number(annotations[stampAnnotation]));
    const name = pod.metadata!.name!;
    const last = this.#remaining.get(name);
    if (last !== undefined && Number(annotations['bench/seq']) >= last) {
      this.#remaining.delete(name);
      if (this.#remaining.size === 0) this.#done();
    }
  }
}

async function run(ctx: BenchContext): Promise<void> {
  const { server, clients: all } = serverOf(ctx);
  const { pods, burst, paced, intervalMs } = ctx.profile.watch;
  const clients = all.https;
  const names = Array.from({ length: pods }, (_, i) => `watched-${i}`);
  await server.call({ op: 'seed', transport: 'https', namespace, count: pods, names });
  for (const mode of ['burst', 'paced'] as const) {
    const total = mode === 'burst' ? burst : paced;
    ctx.log(`watch: ${total} updates, ${mode}`);
    const measured = await interleaved(
      ctx.profile,
      clientNames,
      async (client): Promise<Sample> => {
        // Sequence numbers restart with every batch of writes.
        let expectation: Expectation | undefined;
        const informer = await startInformer(client, clients, {
          namespace,
          keepManagedFields: false,
          onUpdate: (pod) => expectation?.observe(pod),
        });
        const exp = (expectation = new Expectation(names, total, 0));
        const result = await timed(async () => {
          await server.call({
            op: 'updates',
            transport: 'https',
            namespace,
            names,
            total,
            intervalMs: mode === 'paced' ? intervalMs : 0,
          });
          await exp.done;
        });
        expectation = undefined;
        await informer.stop();
        return mode === 'burst'
          ? {
              perSecond: (total / result.wallMs) * 1000,
              cpuUsPerEvent: (result.cpuMs * 1000) / total,
              handled: exp.events,
            }
          : { p50: percentile(exp.latencies, 0.5), p99: percentile(exp.latencies, 0.99) };
      },
    );
    ctx.emit([
      ...rowsOf(
        '2. watch into an informer handler',
        mode === 'burst'
          ? `${burst} updates back to back over ${pods} pods`
          : `${paced} updates, one per ${intervalMs} ms`,
        measured,
        mode === 'burst'
          ? [
              {
                key: 'perSecond',
                metric: 'updates handled per second (wall)',
                unit: '/s',
                lowerIsBetter: false,
              },
              {
                key: 'cpuUsPerEvent',
                metric: 'client CPU per update',
                unit: 'µs',
                lowerIsBetter: true,
              },
            ]
          : [
              {
                key: 'p50',
                metric: 'write -> handler latency p50',
                unit: 'ms',
                lowerIsBetter: true,
              },
              {
                key: 'p99',
                metric: 'write -> handler latency p99',
                unit: 'ms',
                lowerIsBetter: true,
              },
            ],
      ),
    ]);
  }
  await server.call({ op: 'clear', transport: 'https', namespace });
}

/** Scenario 2: watch throughput and latency. */
export const watch: Scenario = { name: 'watch', needsServer: true, run };
