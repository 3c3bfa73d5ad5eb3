/**
 * The bodies of the four patch formats, typed from the object they patch, so that a misspelt
 * field or a value of the wrong type fails to compile (the API server would silently drop an
 * unknown field of a merge patch, or store it in a preserve-unknown-fields object).
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/types/patch.go
 * @packageDocumentation
 */
import type { PatchOptions, PatchType } from '@kubekit/rest';

/**
 * A JSON merge patch (RFC 7386) of `T`: any subset of its fields, recursively; `null` deletes a
 * field (or a key of a map). Arrays are replaced whole, so an array is given complete.
 *
 * @example
 * ```ts
 * const patch: MergePatch<appsV1.Deployment> = {
 *   metadata: { labels: { tier: 'front', legacy: null } }, // sets tier, deletes legacy
 *   spec: { replicas: 3 },
 * };
 * ```
 */
export type MergePatch<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: MergePatch<T[K]> | null }
    : T;

/**
 * The `$`-keys of a strategic merge patch: `$patch` (`replace`, `merge`, `delete`),
 * `$retainKeys`, `$deleteFromPrimitiveList/<field>`, `$setElementOrder/<field>`.
 */
export type StrategicMergeDirectives = { [directive: `$${string}`]: unknown };

/**
 * A strategic merge patch of `T` (built-in kinds only): as {@link MergePatch}, but lists with a
 * merge key are merged element by element, so array elements are partial too, and every object
 * may carry {@link StrategicMergeDirectives}.
 */
export type StrategicMergePatch<T> = T extends readonly (infer E)[]
  ? StrategicMergePatch<E>[]
  : T extends object
    ? { [K in keyof T]?: StrategicMergePatch<T[K]> | null } & StrategicMergeDirectives
    : T;

/** A JSON Patch (RFC 6902) operation, for `patch(name, PatchType.JSONPatch, [...])`. */
export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

/** `T` with every property optional, recursively (arrays keep their element shape partial). */
export type DeepPartial<T> = T extends (infer E)[]
  ? DeepPartial<E>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/**
 * The fields an apply sends: any subset of `T` (with `metadata.name`). Deep-partial, since
 * server-side apply owns exactly the fields present.
 */
export type ApplyConfiguration<T> = DeepPartial<T>;

/**
 * The body of a patch of type `P` to objects of type `T`: JSON Patch operations, a
 * {@link MergePatch}, a {@link StrategicMergePatch} or an {@link ApplyConfiguration}. For the
 * whole `PatchType` union (a type chosen at run time), any of them.
 */
export type PatchBody<T, P extends PatchType> = P extends typeof PatchType.JSONPatch
  ? readonly JsonPatchOperation[]
  : P extends typeof PatchType.MergePatch
    ? MergePatch<T>
    : P extends typeof PatchType.StrategicMergePatch
      ? StrategicMergePatch<T>
      : ApplyConfiguration<T>;

/** Patch options carrying the patch type (the `patch(name, body, options)` call shape). */
export interface TypedPatchOptions<P extends PatchType = PatchType> extends PatchOptions {
  /** The patch format; default `MergePatch` for objects, `JSONPatch` for arrays. */
  type?: P;
  /** Patch this subresource (e.g. `status`) instead of the object. */
  subresource?: string;
}
