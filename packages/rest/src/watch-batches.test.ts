import { FakeClock, watchEventBatches, type WatchEvent } from '@kubekit/apimachinery';
import { Readable } from 'node:stream';
import { event, line } from './internal/testing/watch-frames';
import { MaxWatchBatchLength, watchStreamFromBody } from './watch';

/** A body whose chunks the test pushes one at a time, and a stream over it. */
function pushedBody() {
  const body = new Readable({ read() {} });
  const stream = watchStreamFromBody(body, {
    clock: new FakeClock(),
    signal: undefined,
    inactivityTimeoutMs: undefined,
  });
  return { body, stream, batches: stream[watchEventBatches]() };
}

const names = (batch: readonly WatchEvent[] | undefined): string[] =>
  batch?.map((e) => e.object.metadata!.name!) ?? [];

// The same cut over HTTP (an ERROR event or a broken frame in the middle of a chunk) is in
// watch.test.ts.

describe('watch batches', () => {
  it("hands over each received chunk's events as one batch, in order; a frame split inside a UTF-8 character joins the batch of the chunk that completes it", async () => {
    const { body, stream, batches } = pushedBody();
    const bytes = Buffer.from(line(event('ADDED', 'a', '1')) + line(event('MODIFIED', 'b', '2')));
    const third = Buffer.from(line(event('DELETED', 'c', '3')));
    const inside = third.indexOf('ü') + 1; // inside the two bytes of 'ü'
    body.push(Buffer.concat([bytes, third.subarray(0, inside)]));
    expect(names((await batches.next()).value)).toEqual(['a', 'b']);
    body.push(Buffer.concat([third.subarray(inside), Buffer.from(line(event('ADDED', 'd', '4')))]));
    const second = (await batches.next()).value as WatchEvent[];
    expect(second).toEqual([event('DELETED', 'c', '3'), event('ADDED', 'd', '4')]);
    body.push(null);
    expect(await batches.next()).toEqual({ value: undefined, done: true });
    expect(stream.endReason).toBe('ServerClosed');
  });

  it(`splits a chunk of more than ${MaxWatchBatchLength} events into batches of at most that many`, async () => {
    const { body, batches } = pushedBody();
    const total = 2 * MaxWatchBatchLength + 5;
    body.push(
      Array.from({ length: total }, (_, i) => line(event('ADDED', `o${i}`, `${i}`))).join(''),
    );
    body.push(null);
    const lengths: number[] = [];
    const seen: string[] = [];
    for (let r = await batches.next(); !r.done; r = await batches.next()) {
      lengths.push(r.value.length);
      seen.push(...names(r.value));
    }
    expect(lengths).toEqual([MaxWatchBatchLength, MaxWatchBatchLength, 5]);
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => `o${i}`));
  });

  it('hands the events of one batch to the per-event iterator one by one; return() in the middle of a batch closes the body', async () => {
    const { body, stream } = pushedBody();
    body.push(line(event('ADDED', 'a', '1')) + line(event('ADDED', 'b', '2')));
    const seen: string[] = [];
    for await (const e of stream) {
      seen.push(e.object.metadata!.name!);
      break;
    }
    expect(seen).toEqual(['a']);
    expect(stream.endReason).toBe('Closed');
    expect(body.destroyed).toBe(true);
  });

  it('return() on the batch iterator while the next chunk is awaited ends it and closes the body', async () => {
    const { body, stream, batches } = pushedBody();
    body.push(line(event('ADDED', 'a', '1')));
    expect(names((await batches.next()).value)).toEqual(['a']);
    const pending = batches.next();
    stream.close();
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    await batches.return!();
    expect(stream.endReason).toBe('Closed');
    expect(body.destroyed).toBe(true);
  });
});
