// The PS's checkpoint in the PVC directory: the step, the variables and the optimizer's state
// (Adam's iteration count and moments), in one file written atomically (a temporary file
// renamed over the last one), so a replica killed mid-write leaves the previous checkpoint.
//
// Layout: a 4-byte little-endian length, that many bytes of JSON header
// `{ step, variables: [{ name, shape }], optimizer: [{ name, shape }] }`, then each tensor's
// float32 values in header order.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FileName = 'model.ckpt';

const describe = (tensors) => tensors.map(({ name, shape }) => ({ name, shape }));

/**
 * Writes `{ step, variables, optimizer }` (lists of `{ name, shape, values: Float32Array }`) to
 * `dir`; returns the file's name.
 */
export function saveCheckpoint(dir, { step, variables, optimizer }) {
  const header = Buffer.from(
    JSON.stringify({ step, variables: describe(variables), optimizer: describe(optimizer) }),
  );
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const data = [...variables, ...optimizer].map(({ values }) =>
    Buffer.from(values.buffer, values.byteOffset, values.byteLength),
  );
  const file = join(dir, FileName);
  writeFileSync(`${file}.tmp`, Buffer.concat([length, header, ...data]));
  renameSync(`${file}.tmp`, file);
  return FileName;
}

/** The checkpoint in `dir` as {@link saveCheckpoint} took it, or undefined when there is none. */
export function loadCheckpoint(dir) {
  const file = join(dir, FileName);
  if (!existsSync(file)) return undefined;
  const bytes = readFileSync(file);
  const headerEnd = 4 + bytes.readUInt32LE(0);
  const header = JSON.parse(bytes.subarray(4, headerEnd).toString());
  let offset = headerEnd;
  const read = (tensors) =>
    tensors.map(({ name, shape }) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(size);
      new Uint8Array(values.buffer).set(bytes.subarray(offset, offset + size * 4));
      offset += size * 4;
      return { name, shape, values };
    });
  const variables = read(header.variables);
  return { step: header.step, variables, optimizer: read(header.optimizer) };
}
