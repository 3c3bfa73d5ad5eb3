/**
 * kubekit's per-request overhead on GET, finely interleaved: the harness's servers (a child
 * process) and clients, one pod GET by kubekit's RESTClient, by the raw client and by the raw
 * client again (the control: its ratio to raw is the noise floor of the run). Each round runs
 * every client for `calls` requests (x4 at c=32), rotating which goes first; the client CPU per
 * request is the median over the rounds. Prints one line per case with the load average.
 *
 *   npx tsx --conditions=@kubekit/source test/bench/get-overhead.ts [rounds] [calls]
 *
 * Defaults: 150 rounds of 50 calls, over HTTP and HTTPS at concurrency 1 and 32.
 */
import { makeClients, rawJson } from './clients';
import { loadAverage, summarize } from './harness';
import { startServerProcess } from './server-handle';

const rounds = Number(process.argv[2] ?? 150);
const calls = Number(process.argv[3] ?? 50);
const namespace = 'rest';
const name = 'get-target';

/** `total` calls spread over `concurrency` workers, each calling in sequence. */
async function drive(call: () => Promise<unknown>, total: number, concurrency: number) {
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started++ < total) await call();
    }),
  );
}

async function main(): Promise<void> {
  const server = await startServerProcess({ maxOldSpaceMb: 2048 });
  console.log(`load average at the start ${loadAverage()}`);
  for (const transport of ['http', 'https'] as const) {
    const c = await makeClients(server.endpoints[transport]);
    await server.call({ op: 'seed', transport, namespace, count: 1, names: [name] });
    const path = `/api/v1/namespaces/${namespace}/pods/${name}`;
    const clients: Record<string, () => Promise<unknown>> = {
      kubekit: () => c.kubekit.get().namespace(namespace).resource('pods').name(name).do(),
      raw: () => rawJson(c.raw, 'GET', path),
      control: () => rawJson(c.raw, 'GET', path),
    };
    const names = Object.keys(clients);
    for (const concurrency of [1, 32]) {
      const perRound = calls * (concurrency > 1 ? 4 : 1);
      const samples = new Map<string, number[]>(names.map((n) => [n, []]));
      for (const n of names) await drive(clients[n]!, perRound * 4, concurrency); // warm-up
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < names.length; i++) {
          const n = names[(i + round) % names.length]!;
          const before = process.cpuUsage();
          await drive(clients[n]!, perRound, concurrency);
          const used = process.cpuUsage(before);
          samples.get(n)!.push((used.user + used.system) / perRound);
        }
      }
      const median = (n: string) => summarize(samples.get(n)!).median;
      const [kubekit, raw, control] = [median('kubekit'), median('raw'), median('control')];
      console.log(
        `GET ${transport.toUpperCase()} c=${concurrency}: client CPU per request kubekit ` +
          `${kubekit.toFixed(1)} µs, raw ${raw.toFixed(1)} µs, control ${control.toFixed(1)} µs; ` +
          `kubekit / raw ${(kubekit / raw).toFixed(3)}, control / raw ${(control / raw).toFixed(3)}`,
      );
    }
    await c.close();
  }
  console.log(`load average at the end ${loadAverage()}`);
  await server.stop();
}

await main();
