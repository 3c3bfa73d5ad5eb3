/**
 * Keeps the benchmark harness from rotting: runs it in its smoke profile (tiny sizes) as
 * `npm run bench` would, and checks that it produced well-formed results for every scenario and
 * all three clients. Never asserts timings.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cell } from './harness';
import type { BenchResult } from './report';

const root = join(__dirname, '..', '..');
let out: string;
let result: BenchResult;
let markdown: string;
let stdout: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'kubekit-bench-'));
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@kubekit/source',
      join(__dirname, 'run.ts'),
      '--smoke',
      '--out',
      out,
    ],
    // bounded, but generous: on a shared 2-core machine at load 25-30 the smoke run (with six
    // fresh processes for the cold syncs) takes several minutes
    { cwd: root, encoding: 'utf8', timeout: 600_000 },
  );
  if (run.status !== 0)
    throw new Error(`harness failed (${run.status ?? run.signal}):\n${run.stderr}`);
  stdout = run.stdout;
  result = JSON.parse(readFileSync(join(out, 'latest-smoke.json'), 'utf8')) as BenchResult;
  markdown = readFileSync(join(out, 'latest-smoke.md'), 'utf8');
}, 610_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** A summary with a finite median over both smoke repetitions. */
function isSummary(cell: Cell): boolean {
  return 'median' in cell && Number.isFinite(cell.median) && cell.samples.length === 2;
}

describe('the benchmark harness in smoke mode', () => {
  it('measures every comparative scenario for kubekit, client-node and the raw limit', () => {
    const comparative = result.rows.filter((r) => /^[1-4]\./.test(r.scenario));
    const scenarios = new Set(comparative.map((r) => r.scenario));
    expect([...scenarios].sort()).toEqual([
      '1. informer sync',
      '2. watch into an informer handler',
      '3. heap per cached object',
      '4. REST',
    ]);
    for (const row of comparative) {
      for (const client of ['kubekit', 'client-node', 'raw'] as const)
        expect({
          row: `${row.case} ${row.metric}`,
          client,
          ok: isSummary(row.results[client]),
        }).toEqual({
          row: `${row.case} ${row.metric}`,
          client,
          ok: true,
        });
      expect(row.ratios.kubekitOverClientNode).toBeGreaterThan(0);
      expect(row.ratios.kubekitOverRaw).toBeGreaterThan(0);
    }
  });

  it('covers GET, CREATE, UPDATE and LIST at concurrency 1 and 32 over HTTPS and HTTP', () => {
    const cases = new Set(result.rows.filter((r) => r.scenario === '4. REST').map((r) => r.case));
    for (const op of ['GET', 'CREATE', 'UPDATE', 'LIST(500)'])
      for (const transport of ['HTTPS', 'HTTP'])
        for (const c of [1, 32]) expect(cases).toContain(`${op} ${transport} c=${c}`);
  });

  it('measures the work queue for kubekit only and says why the others are absent', () => {
    const rows = result.rows.filter((r) => r.scenario === '5. work queue');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(isSummary(row.results.kubekit)).toBe(true);
      expect(row.results['client-node']).toEqual({ na: 'client-node has no work queue' });
    }
  });

  it('records the server process: its memory per stored pod and its CPU beside the client', () => {
    const memory = result.rows.filter((r) => r.scenario === '0. server memory per stored pod');
    expect(memory.map((r) => r.metric)).toEqual([
      'server heap per pod',
      'server RSS growth per pod',
    ]);
    const heap = memory[0]!.results.kubekit;
    expect('median' in heap && heap.median > 0).toBe(true);
    const sync = result.rows.filter((r) => r.scenario === '1. informer sync');
    // kept, dropped, and dropped cold (a fresh process per sample, no server RSS row)
    for (const metric of ['server CPU', 'client CPU per pod'])
      expect(sync.filter((r) => r.metric === metric)).toHaveLength(3);
    expect(sync.filter((r) => r.metric === 'server RSS after')).toHaveLength(2);
    expect(sync.filter((r) => r.case.includes('cold (a fresh process, '))).toHaveLength(4);
  });

  it('simulates the FIFO and priority queues for kubekit only, each in both plans', () => {
    const rows = result.rows.filter((r) => r.scenario === '7. priority queue');
    const cases = new Set(rows.map((r) => r.case.split(': ')[1]));
    expect([...cases].sort()).toEqual(['FIFO', 'priority, aging 100 ms', 'priority, strict']);
    expect(rows).toHaveLength(2 * 3 * 5);
    for (const row of rows) {
      expect(isSummary(row.results.kubekit)).toBe(true);
      expect(row.results['client-node']).toEqual({ na: 'client-node has no work queue' });
    }
  });

  it('measures the TFJob controller for kubekit only: time to Running, requests and CPU per job', () => {
    const rows = result.rows.filter((r) => r.scenario === '6. TFJob controller');
    expect(rows.map((r) => r.metric)).toEqual([
      'time until all pods, services and Running',
      'jobs Running per second',
      'controller API requests per job',
      'reconcile errors per job (retried)',
      'controller CPU per job',
      'API server CPU per job',
      'controller CPU / server CPU',
    ]);
    for (const row of rows) {
      expect(row.case).toBe('5 TFJobs x 4 replicas, submitted at once');
      expect(isSummary(row.results.kubekit)).toBe(true);
      expect(row.results['client-node']).toEqual({ na: 'no client-node TFJob controller exists' });
    }
    // Each job needs at least its 4 pods, 4 services and one status update.
    const requests = rows[2]!.results.kubekit;
    expect('median' in requests && requests.min >= 9).toBe(true);
    expect(result.pending).toEqual([]);
  });

  it('writes a markdown table with the environment and one line per row', () => {
    expect(result.complete).toBe(true);
    expect(markdown).toContain('| scenario | case | metric | kubekit | client-node | raw |');
    expect(markdown).toMatch(/Load average \(1\/5\/15 min\) at start [\d.]+ \/ [\d.]+ \/ [\d.]+/);
    expect(
      markdown
        .split('\n')
        .filter((l) => l.startsWith('| ') && !l.startsWith('| scenario') && !l.startsWith('| ---')),
    ).toHaveLength(result.rows.length);
    expect(result.environment.cores).toBeGreaterThan(0);
  });

  it('prints every row as its case finishes, before the final table', () => {
    const [progress] = stdout.split('kubekit benchmarks,');
    const printed = progress!.split('\n').filter((l) => l.startsWith('| '));
    expect(printed).toHaveLength(result.rows.length);
  });
});
