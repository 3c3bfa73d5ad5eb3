import { StatusError, newBadRequest } from '@kubekit/apimachinery';
import { YAMLError } from 'yaml';
import { GoJsonError, parseGoJson, unmarshalStruct } from '../go/go-json';
import type { Obj } from '../storage/store';
import { YamlLimitError, parseYamlBody } from './yaml-body';

/** The anonymous struct kube's JSON serializer reads apiVersion and kind into, as Go prints it. */
const typeMetaStruct =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/** How kube-apiserver quotes a body it cannot decode: up to 30 bytes, as text or hex. */
function summarizeBody(data: Buffer): string {
  if (data.length === 0) return '<empty>';
  const head = data.subarray(0, 30);
  const text = data[0] === 0x7b ? head.toString('utf8') : head.toString('hex');
  return data.length > 30 ? `${text} ...` : text;
}

/**
 * Decodes a JSON (or YAML) request body into an object of kind `kind` as kube-apiserver's
 * serializers do: `null` is an empty object; a body that is not JSON, not an object, or whose
 * apiVersion / kind are not strings answers 400 `the object provided is unrecognized (must be
 * of type ConfigMap): couldn't get version/kind; json parse error: <Go's text> (<body summary>)`.
 * YAML syntax errors keep that frame (`...: yaml: <parser text> (<summary>)`) but the texts of
 * this server's YAML parser, not go-yaml's.
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/endpoints/handlers/rest.go (transformDecodeError)
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/runtime/serializer/json/meta.go
 */
export function decodeObjectBody(data: Buffer, kind: string, yaml = false): Obj {
  const unrecognized = (detail: string): StatusError =>
    newBadRequest(
      `the object provided is unrecognized (must be of type ${kind}): ${detail} (${summarizeBody(data)})`,
    );
  let value: unknown;
  let apiVersion: string | undefined;
  try {
    value = yaml ? (parseYamlBody(data.toString('utf8')) ?? null) : parseGoJson(data);
    apiVersion = unmarshalStruct(value, typeMetaStruct, '', {
      apiVersion: ['string', 'string'],
      kind: ['string', 'string'],
    }).apiVersion as string | undefined;
  } catch (err) {
    if (err instanceof GoJsonError)
      throw unrecognized(`couldn't get version/kind; json parse error: ${err.message}`);
    if (err instanceof YAMLError || err instanceof YamlLimitError)
      throw unrecognized(`yaml: ${err.message}`);
    throw err;
  }
  if (apiVersion && apiVersion.split('/').length > 2)
    throw unrecognized(`unexpected GroupVersion string: ${apiVersion}`);
  return (value ?? {}) as Obj;
}

/**
 * Why kube's decoder cannot read apiVersion / kind from a decoded value (`json: cannot unmarshal
 * number into Go value of type struct { ... }`), or undefined when it can.
 */
export function versionKindError(value: unknown): string | undefined {
  try {
    unmarshalStruct(value, typeMetaStruct, '', {
      apiVersion: ['string', 'string'],
      kind: ['string', 'string'],
    });
    return undefined;
  } catch (err) {
    if (err instanceof GoJsonError)
      return `couldn't get version/kind; json parse error: ${err.message}`;
    throw err;
  }
}

/**
 * Decodes a DeleteOptions request body as kube-apiserver does: an empty body is no options; a
 * body it cannot read fails with a bare 500 carrying the decoder's text (`couldn't get
 * version/kind; json parse error: ...`, `json: cannot unmarshal string into Go struct field
 * DeleteOptions.gracePeriodSeconds of type int64`).
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/endpoints/handlers/delete.go
 */
export function decodeDeleteOptionsBody(data: Buffer): Record<string, unknown> | undefined {
  if (data.toString('utf8').trim() === '') return undefined;
  const internalError = (message: string): StatusError => new StatusError({ code: 500, message });
  let value: unknown;
  try {
    value = parseGoJson(data);
    unmarshalStruct(value, typeMetaStruct, '', {
      apiVersion: ['string', 'string'],
      kind: ['string', 'string'],
    });
  } catch (err) {
    if (err instanceof GoJsonError)
      throw internalError(`couldn't get version/kind; json parse error: ${err.message}`);
    throw err;
  }
  try {
    return unmarshalStruct(value, 'v1.DeleteOptions', 'DeleteOptions', deleteOptionsFields);
  } catch (err) {
    if (err instanceof GoJsonError) throw internalError(err.message);
    throw err;
  }
}

const deleteOptionsFields = {
  gracePeriodSeconds: ['int64', 'int64'],
  preconditions: ['object', 'v1.Preconditions'],
  orphanDependents: ['bool', 'bool'],
  propagationPolicy: ['string', 'v1.DeletionPropagation'],
  dryRun: ['array', '[]string'],
  ignoreStoreReadErrorWithClusterBreakingPotential: ['bool', 'bool'],
} as const;
