/**
 * The object metadata shapes every Kubernetes object shares (k8s.io/apimachinery/pkg/apis/meta/v1).
 * Plain JSON shapes: model types from `@kubernetes/client-node` satisfy them structurally.
 * Timestamps are RFC 3339 strings as on the wire (client-node models them as `Date`, so fields that
 * differ are typed `string | Date`).
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/apis/meta/v1/types.go
 * @packageDocumentation
 */

/** An RFC 3339 timestamp as sent on the wire, or a `Date` as client-node models it. */
export type Time = string | Date;

/** `apiVersion` and `kind`: which schema an object follows. */
export interface TypeMeta {
  /** `group/version`, or just `version` for the core group (`v1`). */
  apiVersion?: string;
  /** The kind in CamelCase, e.g. `Pod`. */
  kind?: string;
}

/** Points from a dependent object to the object that owns it (garbage collection). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  /** At most one owner reference of an object is its managing controller. */
  controller?: boolean;
  /** With foreground deletion, the owner is not deleted until this dependent is. */
  blockOwnerDeletion?: boolean;
}

/** One manager's set of owned fields, as recorded by server-side apply. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: Time;
  fieldsType?: string;
  fieldsV1?: object;
  subresource?: string;
}

/** Metadata every persisted object has. */
export interface ObjectMeta {
  name?: string;
  /** A prefix the server completes with a random suffix when `name` is empty. */
  generateName?: string;
  namespace?: string;
  uid?: string;
  /** Opaque to clients: compare for equality only, never order. */
  resourceVersion?: string;
  /** Bumped by the server on every change to the desired state (spec), not to status. */
  generation?: number;
  creationTimestamp?: Time;
  /** Set when deletion was requested and finalizers still hold the object. */
  deletionTimestamp?: Time;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
  selfLink?: string;
}

/** Metadata of a list response. */
export interface ListMeta {
  /** The resourceVersion a watch resumes from to see every later change. */
  resourceVersion?: string;
  /** Set when the list was cut by `limit`: pass it back as `continue` for the next page. */
  continue?: string;
  /** An estimate of how many items the remaining pages hold. */
  remainingItemCount?: number;
  selfLink?: string;
}

/**
 * The base shape of every Kubernetes object: TypeMeta plus ObjectMeta. Any model type (pods from
 * client-node, generated CRD types, plain JSON) satisfies it.
 */
export interface KubeObject extends TypeMeta {
  metadata?: ObjectMeta;
}

/** A list of objects as the server returns it. */
export interface KubeList<T extends KubeObject = KubeObject> extends TypeMeta {
  metadata?: ListMeta;
  items: T[];
}

/** Details attached to a Status: which object, and which fields were at fault. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  /** Seconds the client should wait before retrying (from Retry-After or the server). */
  retryAfterSeconds?: number;
}

/** One reason an operation failed, e.g. a field that did not validate. */
export interface StatusCause {
  /** A machine-readable reason such as `FieldValueRequired`. */
  reason?: string;
  message?: string;
  /** The JSON path of the field at fault, e.g. `spec.replicas`. */
  field?: string;
}

/** The result of an operation that returns no object; the body of every API error. */
export interface Status extends TypeMeta {
  metadata?: ListMeta;
  /** `Success` or `Failure`. */
  status?: 'Success' | 'Failure' | string;
  message?: string;
  /** A machine-readable reason such as `NotFound` or `Conflict` (see {@link StatusReason}). */
  reason?: string;
  details?: StatusDetails;
  /** The HTTP status code. */
  code?: number;
}

/** The reasons kube-apiserver puts in a failed Status. */
export const StatusReason = {
  Unknown: '',
  Unauthorized: 'Unauthorized',
  Forbidden: 'Forbidden',
  NotFound: 'NotFound',
  AlreadyExists: 'AlreadyExists',
  Conflict: 'Conflict',
  Gone: 'Gone',
  Invalid: 'Invalid',
  ServerTimeout: 'ServerTimeout',
  Timeout: 'Timeout',
  TooManyRequests: 'TooManyRequests',
  BadRequest: 'BadRequest',
  MethodNotAllowed: 'MethodNotAllowed',
  NotAcceptable: 'NotAcceptable',
  RequestEntityTooLarge: 'RequestEntityTooLarge',
  UnsupportedMediaType: 'UnsupportedMediaType',
  InternalError: 'InternalError',
  Expired: 'Expired',
  ServiceUnavailable: 'ServiceUnavailable',
} as const;

/** The kind of change a watch event reports. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * One event of a watch stream. For `ERROR` the object is a {@link Status}; for `BOOKMARK` only
 * `metadata.resourceVersion` (and annotations such as `k8s.io/initial-events-end`) are set.
 */
export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  object: T;
}

/** The annotation on the bookmark that ends the initial events of a `sendInitialEvents` watch. */
export const InitialEventsEndAnnotation = 'k8s.io/initial-events-end';

/** A standard condition (metav1.Condition) as used in `status.conditions`. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  observedGeneration?: number;
  lastTransitionTime?: Time;
  /** CamelCase, machine-readable. */
  reason?: string;
  message?: string;
}
