import { StringDecoder } from 'node:string_decoder';
import { WatchError } from '../watch-error';

/**
 * Splits a UTF-8 byte stream into newline-terminated text frames. Each chunk is decoded once (a
 * character split across chunks is completed by the next one; a chunk ending in an ASCII byte
 * with nothing held back skips the slower StringDecoder) and only the new text is searched
 * for '\n', so a large frame arriving in many chunks costs O(size); frames are slices of the
 * decoded text, joined only when a frame spans chunks. Splitting the text on '\n' equals
 * splitting the bytes on 0x0A: that byte never occurs inside a multi-byte UTF-8 character.
 *
 * Use: `feed(chunk)`, then `next()` until it returns undefined; `end()` once the stream ends.
 *
 * Guarantees: at most `maxFrameLength` characters (UTF-16 code units: bytes for ASCII JSON, never
 * more than the bytes) are held for a frame in progress; a longer frame throws WatchError
 * `FrameTooLarge` as soon as the limit is passed, before the rest of it is buffered.
 */
export class LineFrames {
  readonly #maxFrameLength: number;
  readonly #decoder = new StringDecoder('utf8');
  /** Whether the decoder may hold the start of a character split across chunks. */
  #decoderHolds = false;
  /** The text of the frame in progress before {@link #text}. */
  #pending = '';
  /** The decoded text of the last chunk. */
  #text = '';
  /** Where the next frame starts in {@link #text}. */
  #start = 0;

  constructor(maxFrameLength: number) {
    this.#maxFrameLength = maxFrameLength;
  }

  /**
   * Feeds a chunk; call {@link next} until it returns undefined before feeding the next one. A
   * string chunk is text already decoded (a stream with `setEncoding('utf8')`).
   */
  feed(chunk: Buffer | string): void {
    this.#start = 0;
    if (typeof chunk === 'string' || chunk.length === 0) {
      this.#text = typeof chunk === 'string' ? chunk : '';
      return;
    }
    // A chunk ending in an ASCII byte, with nothing held back, decodes whole: skip the decoder.
    const splitsChar = chunk[chunk.length - 1]! >= 0x80;
    this.#text =
      splitsChar || this.#decoderHolds ? this.#decoder.write(chunk) : chunk.toString('utf8');
    this.#decoderHolds = splitsChar;
  }

  /** The next complete frame of the fed chunk (without its newline), or undefined. */
  next(): string | undefined {
    const text = this.#text;
    const start = this.#start;
    const nl = text.indexOf('\n', start);
    if (nl === -1) {
      this.#checkLength(this.#pending.length + text.length - start);
      if (start < text.length) this.#pending += start === 0 ? text : text.slice(start);
      this.#text = '';
      this.#start = 0;
      return undefined;
    }
    this.#checkLength(this.#pending.length + nl - start);
    this.#start = nl + 1;
    const line = text.slice(start, nl);
    if (this.#pending === '') return line;
    const frame = this.#pending + line;
    this.#pending = '';
    return frame;
  }

  #checkLength(length: number): void {
    if (length <= this.#maxFrameLength) return;
    this.#pending = '';
    this.#text = '';
    throw new WatchError(
      'FrameTooLarge',
      `watch frame longer than ${this.#maxFrameLength} characters: closing the stream`,
    );
  }

  /** The text after the last newline (a final frame the server did not terminate), or ''. */
  end(): string {
    const rest = this.#pending + this.#decoder.end();
    this.#pending = '';
    return rest;
  }
}
