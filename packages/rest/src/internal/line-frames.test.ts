import { WatchError } from '../watch-error';
import { LineFrames } from './line-frames';

/** Feeds the chunks; returns every frame and then the unterminated rest. */
function split(chunks: Buffer[], max = Infinity): { frames: string[]; rest: string } {
  const lines = new LineFrames(max);
  const frames: string[] = [];
  for (const chunk of chunks) {
    lines.feed(chunk);
    for (let frame = lines.next(); frame !== undefined; frame = lines.next()) frames.push(frame);
  }
  return { frames, rest: lines.end() };
}

/** What decoding each newline-separated run of bytes on its own gives. */
function expected(bytes: Buffer): { frames: string[]; rest: string } {
  const frames: string[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a); nl !== -1; nl = bytes.indexOf(0x0a, start)) {
    frames.push(bytes.toString('utf8', start, nl));
    start = nl + 1;
  }
  return { frames, rest: bytes.toString('utf8', start) };
}

/** Every way to cut the bytes into three chunks (empty ones included), then into equal sizes. */
function* chunkings(bytes: Buffer): Generator<Buffer[]> {
  for (let i = 0; i <= bytes.length; i++)
    for (let j = i; j <= bytes.length; j++)
      yield [bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)];
  for (let size = 1; size <= bytes.length; size++) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
    yield chunks;
  }
}

function expectSameFramesHoweverChunked(bytes: Buffer): void {
  const want = expected(bytes);
  for (const chunks of chunkings(bytes)) expect(split(chunks)).toEqual(want);
}

describe('LineFrames', () => {
  it('yields the frames of the bytes however they are chunked, even inside a UTF-8 character', () => {
    expectSameFramesHoweverChunked(Buffer.from('a€\n ü\r\n👋\u00a0\n\n{"k":"ß"}\n€'));
    expectSameFramesHoweverChunked(Buffer.from('{"a":1}\n{"b":"👋"}\n'));
  });

  it('decodes invalid UTF-8 as each frame decoded on its own would', () => {
    const tricky = [
      0x61, 0x0a, 0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0x82, 0xed, 0xa0, 0xf0, 0x9f, 0xff, 0,
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let n = 0; n < 60; n++) {
      const bytes = Buffer.from(Array.from({ length: 12 }, () => tricky[next() % tricky.length]!));
      expectSameFramesHoweverChunked(bytes);
    }
  });

  it('joins a frame spanning many chunks and keeps the unterminated rest for end()', () => {
    const frame = '{"data":"' + 'x'.repeat(10_000) + 'ü"}';
    const bytes = Buffer.from(`${frame}\n\n${frame}\n{"last":`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 257) chunks.push(bytes.subarray(i, i + 257));
    expect(split(chunks)).toEqual({ frames: [frame, '', frame], rest: '{"last":' });
  });

  it('accepts a frame of exactly the limit and throws FrameTooLarge one character past it, in one chunk or many', () => {
    const at = (n: number) => Buffer.from(`${'x'.repeat(n)}\n{}\n`);
    expect(split([at(100)], 100).frames).toEqual(['x'.repeat(100), '{}']);
    expect(split([at(50), at(50)], 102).frames).toHaveLength(4);
    const tooLong = (chunks: Buffer[]) => {
      try {
        split(chunks, 100);
      } catch (err) {
        return WatchError.isInstance(err) ? err.reason : err;
      }
      return 'no error';
    };
    expect(tooLong([at(101)])).toBe('FrameTooLarge');
    const long = at(101);
    expect(tooLong([long.subarray(0, 60), long.subarray(60)])).toBe('FrameTooLarge');
  });

  it('throws before buffering more than the limit of a frame that never ends', () => {
    const lines = new LineFrames(1000);
    let fed = 0;
    const chunk = Buffer.alloc(300, 'y');
    expect(() => {
      for (;;) {
        lines.feed(chunk);
        fed++;
        while (lines.next() !== undefined);
      }
    }).toThrow('watch frame longer than 1000 characters');
    expect(fed).toBe(4);
  });
});
