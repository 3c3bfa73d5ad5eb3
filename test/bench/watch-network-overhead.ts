/**
 * Watch events into a handler over the network, finely interleaved: the harness's server
 * process writes `updates` pod updates back to back (round-robin over 100 pods) while each
 * contestant watches them: kubekit's informer (its factory, as scenario 2), kubekit's watch
 * stream without the informer (`startKubekitWatchLoop`: the raw loop's Map cache over
 * `Request.watch()`), the raw limit, and the raw limit again as a **control** (its ratio to raw
 * is the run's noise floor). Each round runs every contestant once, rotating which goes first;
 * the client CPU per update is the median over the rounds. Over HTTPS, then plain HTTP. Prints
 * one line per transport with the load average.
 *
 *   npx tsx --conditions=@kubekit/source test/bench/watch-network-overhead.ts [rounds] [updates]
 *
 * Defaults: 20 rounds of 5,000 updates. Scenario 2 of the harness measures the same path once per
 * round without the stream-only contestant and the control.
 */
import { makeClients, type Clients } from './clients';
import { loadAverage, summarize } from './harness';
import {
  startInformer,
  startKubekitWatchLoop,
  type InformerOptions,
  type RunningInformer,
} from './informers';
import { Expectation } from './scenarios/watch';
import { startServerProcess } from './server-handle';

const rounds = Number(process.argv[2] ?? 20);
const updates = Number(process.argv[3] ?? 5000);
const pods = 100;
const namespace = 'watch';
const names = Array.from({ length: pods }, (_, i) => `watched-${i}`);

type Start = (clients: Clients, o: InformerOptions) => Promise<RunningInformer>;
const contestants: Record<string, Start> = {
  informer: (c, o) => startInformer('kubekit', c, o),
  stream: startKubekitWatchLoop,
  raw: (c, o) => startInformer('raw', c, o),
  control: (c, o) => startInformer('raw', c, o),
};

async function main(): Promise<void> {
  const server = await startServerProcess({ maxOldSpaceMb: 2048 });
  console.log(`load average at the start ${loadAverage()}`);
  for (const transport of ['https', 'http'] as const) {
    const clients = await makeClients(server.endpoints[transport]);
    await server.call({ op: 'seed', transport, namespace, count: pods, names });
    /** Client CPU per update (µs) of one contestant: started and synced, then the burst. */
    const sample = async (start: Start): Promise<number> => {
      let expectation: Expectation | undefined;
      const watching = await start(clients, {
        namespace,
        keepManagedFields: false,
        onUpdate: (pod) => expectation?.observe(pod),
      });
      const exp = (expectation = new Expectation(names, updates, 0));
      const before = process.cpuUsage();
      await server.call({
        op: 'updates',
        transport,
        namespace,
        names,
        total: updates,
        intervalMs: 0,
      });
      await exp.done;
      const used = process.cpuUsage(before);
      expectation = undefined;
      await watching.stop();
      return (used.user + used.system) / updates;
    };
    const order = Object.keys(contestants);
    const samples = new Map<string, number[]>(order.map((n) => [n, []]));
    for (const n of order) await sample(contestants[n]!); // warm-up
    for (let round = 0; round < rounds; round++)
      for (let i = 0; i < order.length; i++) {
        const n = order[(i + round) % order.length]!;
        samples.get(n)!.push(await sample(contestants[n]!));
      }
    const median = (n: string) => summarize(samples.get(n)!).median;
    const raw = median('raw');
    console.log(
      `watch ${transport.toUpperCase()}, ${updates} updates over ${pods} pods: client CPU per update ` +
        order
          .map((n) => `${n} ${median(n).toFixed(1)} µs (${(median(n) / raw).toFixed(3)})`)
          .join(', '),
    );
    await server.call({ op: 'clear', transport, namespace });
    await clients.close();
  }
  console.log(`load average at the end ${loadAverage()}`);
  await server.stop();
}

await main();
