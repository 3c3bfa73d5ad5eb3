const NEWLINE = 0x0a;

/**
 * Splits a byte stream into newline-terminated frames. A frame may span any number of chunks and
 * a chunk may hold many frames; bytes are only copied once a frame is complete, so a large
 * object arriving in many chunks costs O(size). Splitting on the byte 0x0A is safe for UTF-8:
 * it never occurs inside a multi-byte character.
 */
export class LineFrames {
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  /** Feeds a chunk; returns the frames it completed (without their newline). */
  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE, start); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, nl);
      if (this.#pendingBytes > 0) {
        this.#pending.push(piece);
        frames.push(Buffer.concat(this.#pending, this.#pendingBytes + piece.length));
        this.#pending = [];
        this.#pendingBytes = 0;
      } else {
        frames.push(piece);
      }
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.#pending.push(rest);
      this.#pendingBytes += rest.length;
    }
    return frames;
  }

  /** The bytes after the last newline (a final frame the server did not terminate), if any. */
  rest(): Buffer | undefined {
    if (this.#pendingBytes === 0) return undefined;
    const rest = Buffer.concat(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    return rest;
  }
}
