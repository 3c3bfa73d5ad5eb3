import { FakeClock } from '@kubekit/apimachinery';
import { itemExponentialFailureRateLimiter } from '@kubekit/workqueue';
import * as promClient from 'prom-client';
import type { ReconcileContext } from './reconcile';
import { ControllerError, isTerminalError, terminalError } from './controller-error';
import { prometheusControllerMetrics } from './controller-metrics';
import {
  cm,
  controllerWith,
  eventually,
  informerWith,
  start,
  stopInformers,
} from './test-support/controller-test-helpers';
import { consoleLogger } from './logger';

afterEach(stopInformers);

describe('terminalError', () => {
  it('wraps once, keeps the cause, and is recognised', () => {
    const cause = new Error('spec.schedule is invalid');
    const err = terminalError(cause);
    expect(ControllerError.isInstance(err)).toBe(true);
    expect(err.reason).toBe('Terminal');
    expect(err.cause).toBe(cause);
    expect(err.message).toBe('terminal error: spec.schedule is invalid');
    expect(terminalError(err)).toBe(err);
    expect(isTerminalError(err)).toBe(true);
    expect(isTerminalError(cause)).toBe(false);
  });

  it('is reported and counted, but not retried', async () => {
    const clock = new FakeClock();
    const registry = new promClient.Registry();
    const h = informerWith(cm('a'));
    const errors: unknown[] = [];
    let calls = 0;
    const controller = controllerWith(
      () => {
        calls++;
        throw terminalError(new Error('invalid'));
      },
      {
        clock,
        metrics: prometheusControllerMetrics(promClient, { registry }),
        onError: (err) => errors.push(err),
      },
    );
    controller.watch(h.informer);
    const { stop, done } = start(controller);
    await eventually(() => calls === 1);
    await eventually(() => errors.length === 1);
    expect(await clock.waitForWaiters(1, { maxTurns: 20 })).toBe(false); // no backoff timer: no retry
    expect(controller.queue.len()).toBe(0);
    expect(controller.queue.numRequeues('default/a')).toBe(0);
    h.lw.modify(cm('a', { labels: { v: '2' } })); // the next event reconciles it again
    await eventually(() => calls === 2);
    stop.abort();
    await done;
    const text = await registry.metrics();
    expect(text).toContain(
      'controller_runtime_reconcile_total{controller="test",result="error"} 2',
    );
    expect(text).toContain('controller_runtime_reconcile_errors_total{controller="test"} 2');
    expect(text).toContain(
      'controller_runtime_terminal_reconcile_errors_total{controller="test"} 2',
    );
  });
});

describe('errorPolicy', () => {
  it('retries after the delay it returns, or waits for the next event on {}', async () => {
    const clock = new FakeClock();
    const h = informerWith(cm('a'), cm('b'));
    const calls: string[] = [];
    let decided = 0; // the key is requeued as decided before the policy's caller returns
    const controller = controllerWith(
      (key) => {
        calls.push(key);
        throw new Error('down');
      },
      {
        clock,
        rateLimiter: itemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: 1 }),
        errorPolicy: (_err, { name }) => {
          decided++;
          return name === 'a' ? { requeueAfterMs: 5_000 } : {};
        },
      },
    );
    controller.watch(h.informer);
    const { stop, done } = start(controller);
    await eventually(() => decided === 2);
    await clock.advance(4_999);
    expect(calls).toHaveLength(2);
    await clock.advance(1);
    await eventually(() => decided === 3);
    expect(calls[2]).toBe('default/a');
    await clock.advance(60_000); // a every 5 s; b waits for an event
    await eventually(() => calls.length >= 4);
    expect(calls.filter((k) => k === 'default/b')).toHaveLength(1);
    stop.abort();
    await done;
  });

  it('falls back to the backoff when it returns nothing or throws', async () => {
    const clock = new FakeClock();
    const h = informerWith(cm('a'));
    let calls = 0;
    const controller = controllerWith(
      () => {
        calls++;
        throw new Error('down');
      },
      {
        clock,
        rateLimiter: itemExponentialFailureRateLimiter({ baseDelayMs: 100, maxDelayMs: 100 }),
        errorPolicy: () => {
          if (calls === 1) return;
          throw new Error('policy bug');
        },
      },
    );
    controller.watch(h.informer);
    const { stop, done } = start(controller);
    await eventually(() => calls === 1);
    await clock.waitForWaiters(1);
    await clock.advance(100);
    await eventually(() => calls === 2);
    await clock.waitForWaiters(1);
    await clock.advance(100);
    await eventually(() => calls === 3);
    stop.abort();
    await done;
  });
});

describe('the reconcile context', () => {
  it('splits the key and hands a logger bound to controller and key', async () => {
    const lines: string[] = [];
    const log = consoleLogger({ write: (level, line) => lines.push(`${level}: ${line}`) });
    const h = informerWith(cm('a'));
    const seen: Pick<ReconcileContext, 'key' | 'namespace' | 'name'>[] = [];
    const controller = controllerWith(
      (_key, { key, namespace, name, log }) => {
        seen.push({ key, namespace, name });
        log.info('reconciling', { step: 1 });
        throw new Error('quota exceeded for "x"');
      },
      { log, onError: undefined, clock: new FakeClock() },
    );
    controller.watch(h.informer);
    const { stop, done } = start(controller);
    await eventually(() => lines.length === 2);
    stop.abort();
    await done;
    expect(seen[0]).toEqual({ key: 'default/a', namespace: 'default', name: 'a' });
    expect(lines).toEqual([
      'info: level=info msg=reconciling controller=test key=default/a step=1',
      'error: level=error msg="reconcile failed" controller=test key=default/a error="quota exceeded for \\"x\\""',
    ]);
  });
});
