// The wire protocol between the workers and the PS: HTTP with binary bodies. A body is a
// Float32Array of every variable (or gradient) in the model's `Variables` order, little-endian;
// the step and the batch loss travel in the `x-step` and `x-loss` headers.
//
//   GET  /variables                    -> the variables, x-step: the PS's step
//   POST /gradients?task=i&step=k      gradients of worker i at step k; answered once every
//        (x-loss: batch loss)          worker's step-k gradients are in and applied, with the
//                                      new variables and x-step k+1 (at once if k is not the
//                                      PS's step: the worker resyncs to the answer)
//   POST /done?task=i                  answered once every worker is done
import { FlatSize } from './model.mjs';

const Bytes = FlatSize * 4;

/** The request's body as a Float32Array of the model's size (400 if it is not that size). */
export async function readFloats(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > Bytes) break;
    chunks.push(chunk);
  }
  if (size !== Bytes) return undefined;
  const floats = new Float32Array(FlatSize);
  new Uint8Array(floats.buffer).set(Buffer.concat(chunks));
  return floats;
}

/** Answers `floats` with the step in `x-step`. */
export function sendFloats(res, floats, step) {
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': floats.byteLength,
    'x-step': String(step),
  });
  res.end(Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength));
}

/**
 * A client of the PS at `address` (host:port). Every call gives up after `timeoutMs`; a refused
 * connection (the PS is not up yet, or restarts) is retried until then.
 */
export function psClient(address, timeoutMs) {
  const call = async (path, body, headers = {}) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const res = await fetch(`http://${address}${path}`, {
          method: body ? 'POST' : 'GET',
          body,
          headers,
          signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
        });
        if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
        return res;
      } catch (err) {
        const refused = err?.cause?.code === 'ECONNREFUSED' || err?.cause?.code === 'ECONNRESET';
        if (!refused || Date.now() > deadline) {
          const why = err?.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : err.message;
          throw new Error(`${path} at the PS ${address}: ${why}`, { cause: err });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  const variables = async (res) => {
    const body = await res.arrayBuffer();
    if (body.byteLength !== Bytes)
      throw new Error(`the PS sent ${body.byteLength} bytes, not ${Bytes}`);
    return { step: Number(res.headers.get('x-step')), values: new Float32Array(body) };
  };
  return {
    /** The PS's variables and step. */
    pull: async () => variables(await call('/variables')),
    /** Pushes this worker's gradients for `step`; resolves with the variables after it. */
    push: async (task, step, gradients, loss) =>
      variables(
        await call(`/gradients?task=${task}&step=${step}`, gradients, {
          'content-type': 'application/octet-stream',
          'x-loss': String(loss),
        }),
      ),
    /** Says this worker is done; resolves once every worker is. */
    done: async (task) => {
      await call(`/done?task=${task}`, new Uint8Array(0));
    },
  };
}
