import { decodeProtobufObject } from './protobuf';

/** Protobuf wire encoding helpers: just enough to build the messages kubectl sends. */
const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
};
const field = (no: number, payload: Buffer | string): Buffer => {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.concat([Buffer.from(varint(no * 8 + 2)), Buffer.from(varint(bytes.length)), bytes]);
};
const varintField = (no: number, n: number): Buffer =>
  Buffer.from([...varint(no * 8), ...varint(n)]);
const envelope = (apiVersion: string, kind: string, raw: Buffer): Buffer =>
  Buffer.concat([
    Buffer.from('k8s\u0000', 'latin1'),
    field(1, Buffer.concat([field(1, apiVersion), field(2, kind)])),
    field(2, raw),
  ]);

describe('decodeProtobufObject', () => {
  it('decodes a ConfigMap with labels and data (kubectl create configmap)', () => {
    const meta = Buffer.concat([
      field(1, 'demo'),
      field(3, 'team'),
      field(11, Buffer.concat([field(1, 'app'), field(2, 'web')])),
      field(8, Buffer.alloc(0)),
    ]);
    const raw = Buffer.concat([
      field(1, meta),
      field(2, Buffer.concat([field(1, 'a'), field(2, '1')])),
      field(2, Buffer.concat([field(1, 'b'), field(2, '2')])),
    ]);
    expect(decodeProtobufObject(envelope('v1', 'ConfigMap', raw))).toEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'demo', namespace: 'team', labels: { app: 'web' } },
      data: { a: '1', b: '2' },
    });
  });

  it('decodes Secret bytes as base64 and booleans', () => {
    const raw = Buffer.concat([
      field(1, field(1, 's')),
      field(2, Buffer.concat([field(1, 'p'), field(2, Buffer.from([0xff, 0x00]))])),
      field(3, 'Opaque'),
      varintField(5, 1),
    ]);
    expect(decodeProtobufObject(envelope('v1', 'Secret', raw))).toEqual({
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 's' },
      data: { p: '/wA=' },
      type: 'Opaque',
      immutable: true,
    });
  });

  it('answers 415 for kinds it does not decode and for bodies without the envelope', () => {
    expect(() => decodeProtobufObject(envelope('apps/v1', 'Deployment', Buffer.alloc(0)))).toThrow(
      expect.objectContaining({
        status: expect.objectContaining({ code: 415, reason: 'UnsupportedMediaType' }),
      }),
    );
    expect(() => decodeProtobufObject(Buffer.from('{}'))).toThrow(
      expect.objectContaining({ status: expect.objectContaining({ code: 415 }) }),
    );
  });
});
