import { StatusError } from '@kubekit/apimachinery';
import type { Obj } from '../storage/store';

/**
 * Decoding of the Kubernetes protobuf wire format for the few kinds kubectl's imperative
 * commands send as protobuf (`kubectl create namespace|configmap|secret|serviceaccount`):
 * the `k8s\0` envelope (runtime.Unknown) and the generated messages of those kinds. Other
 * kinds answer 415 so clients fall back to JSON, the format everything else uses.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/runtime/serializer/protobuf/protobuf.go
 */

/** The media type of Kubernetes protobuf bodies. */
export const protobufMediaType = 'application/vnd.kubernetes.protobuf';

type FieldType =
  | 'string'
  | 'bytes'
  | 'int'
  | 'bool'
  | 'time'
  | Message
  | { map: 'string' | 'bytes' }
  | { repeated: 'string' | Message };
interface Message {
  [field: number]: [string, FieldType];
}

const time: FieldType = 'time';
const ownerReference: Message = {
  1: ['kind', 'string'],
  3: ['name', 'string'],
  4: ['uid', 'string'],
  5: ['apiVersion', 'string'],
  6: ['controller', 'bool'],
  7: ['blockOwnerDeletion', 'bool'],
};
const objectMeta: Message = {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  5: ['uid', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['generation', 'int'],
  8: ['creationTimestamp', time],
  9: ['deletionTimestamp', time],
  10: ['deletionGracePeriodSeconds', 'int'],
  11: ['labels', { map: 'string' }],
  12: ['annotations', { map: 'string' }],
  13: ['ownerReferences', { repeated: ownerReference }],
  14: ['finalizers', { repeated: 'string' }],
};

const kinds: Record<string, Message> = {
  ConfigMap: {
    1: ['metadata', objectMeta],
    2: ['data', { map: 'string' }],
    3: ['binaryData', { map: 'bytes' }],
    4: ['immutable', 'bool'],
  },
  Secret: {
    1: ['metadata', objectMeta],
    2: ['data', { map: 'bytes' }],
    3: ['type', 'string'],
    4: ['stringData', { map: 'string' }],
    5: ['immutable', 'bool'],
  },
  Namespace: {
    1: ['metadata', objectMeta],
    2: ['spec', { 1: ['finalizers', { repeated: 'string' }] }],
    3: ['status', { 1: ['phase', 'string'] }],
  },
  ServiceAccount: { 1: ['metadata', objectMeta], 4: ['automountServiceAccountToken', 'bool'] },
};

class Reader {
  pos = 0;
  constructor(
    readonly buf: Buffer,
    readonly end = buf.length,
  ) {}
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new Error('truncated varint');
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
    }
  }
  bytes(): Buffer {
    const len = this.varint();
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

function decodeMessage(buf: Buffer, desc: Message): Obj {
  const r = new Reader(buf);
  const out: Obj = {};
  while (r.pos < r.end) {
    const tag = r.varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    const entry = desc[field];
    if (!entry) {
      r.skip(wire);
      continue;
    }
    const [name, type] = entry;
    if (type === 'int') out[name] = r.varint();
    else if (type === 'bool') out[name] = r.varint() !== 0;
    else if (type === 'string') out[name] = r.bytes().toString('utf8');
    else if (type === 'bytes') out[name] = r.bytes().toString('base64');
    else if (type === 'time') {
      const t = decodeMessage(r.bytes(), { 1: ['seconds', 'int'] });
      // the zero time encodes as an empty message: the field stays unset
      if (t.seconds)
        out[name] = new Date((t.seconds as number) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    } else if ('map' in type) {
      const e = decodeMessage(r.bytes(), { 1: ['key', 'string'], 2: ['value', type.map] });
      out[name] = { ...out[name], [e.key as string]: e.value ?? '' };
    } else if ('repeated' in type) {
      const item =
        type.repeated === 'string'
          ? r.bytes().toString('utf8')
          : decodeMessage(r.bytes(), type.repeated);
      out[name] = [...(out[name] ?? []), item];
    } else out[name] = decodeMessage(r.bytes(), type as Message);
  }
  return out;
}

function unsupported(detail: string): StatusError {
  return new StatusError({
    code: 415,
    reason: 'UnsupportedMediaType',
    message: `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (${detail})`,
  });
}

/** Decodes a protobuf request body into the JSON object it encodes. */
export function decodeProtobufObject(body: Buffer): Obj {
  if (body.length < 4 || body.subarray(0, 4).toString('latin1') !== 'k8s\u0000')
    throw unsupported('missing k8s protobuf envelope');
  const unknown = decodeMessage(body.subarray(4), {
    1: ['typeMeta', { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] }],
    2: ['raw', 'bytes'],
  });
  const typeMeta = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const desc = kinds[typeMeta.kind ?? ''];
  if (!desc) throw unsupported(`protobuf is only decoded for ${Object.keys(kinds).join(', ')}`);
  const obj = decodeMessage(Buffer.from((unknown.raw as string) ?? '', 'base64'), desc);
  return { kind: typeMeta.kind, apiVersion: typeMeta.apiVersion, ...obj };
}
