import type { FieldError, GroupKind } from '@kubekit/apimachinery';
import type { ResourceDef } from './resource-def';
import type { Obj } from './store';

/**
 * What the generic store asks of a resource's registry strategy: the per-kind steps of a create
 * and an update around the store's own (metadata, optimistic concurrency, finalizers). The
 * store knows no kind; the server gives it a {@link StrategyFor} composed of the built-in
 * strategies and those of CRDs and custom resources. Every step is optional.
 *
 * Order on create: prepareForCreate, canonicalize, validate (with the store's metadata checks),
 * managedFields recorded, admitOnCreate. On update: canonicalize, validate or
 * validateSubresource, managedFields recorded, prepareForUpdate (main resource only).
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/registry/rest/create.go
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/registry/rest/update.go
 */
export interface ResourceStrategy {
  /** PrepareForCreate: resets what a create may not set (a pod's status, a Job's counters). */
  prepareForCreate?(obj: Obj): void;
  /** Decoding and defaulting on every write, in place (may throw a 400 for a body that cannot decode). */
  canonicalize?(obj: Obj, old: Obj | undefined): void;
  /** Validation of a create (`old` undefined) or of an update of the main resource. */
  validate?(obj: Obj, old: Obj | undefined): FieldError[];
  /** Validation of an update through a subresource (`status`, `scale`, `binding`). */
  validateSubresource?(subresource: string, obj: Obj, old: Obj): FieldError[];
  /**
   * Mutating admission on create (Priority, DefaultTolerationSeconds, TaintNodesByCondition):
   * runs after managedFields are recorded, so what it adds is owned by no manager.
   */
  admitOnCreate?(obj: Obj): void;
  /**
   * PrepareForUpdate for what the main resource derives from the old object (a DaemonSet's
   * template generation): runs after managedFields are recorded, so it is owned by no manager.
   */
  prepareForUpdate?(next: Obj, old: Obj): void;
  /** The kind validation errors name, when not the resource's own (events.k8s.io: `Event`). */
  errorKind?: GroupKind;
}

/** The strategy of a resource (never undefined: a resource without rules gets `{}`). */
export type StrategyFor = (def: ResourceDef) => ResourceStrategy;
