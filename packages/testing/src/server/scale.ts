import {
  OptimisticLockErrorMsg,
  newBadRequest,
  newConflict,
  newInvalid,
} from '@kubekit/apimachinery';
import type { ApiCore } from './api-core';
import { decodeManagedFields, fieldElement } from '../semantics/patch';
import { groupResource } from '../storage/resource-keys';
import { type WriteOptions } from '../storage/store-options';
import { clone, getPath, setPath } from '../semantics/json';
import type { ResourceDef } from '../storage/resource-def';
import type { Obj } from '../storage/store';
import { selectorString } from '../semantics/label-selector-validation';

/**
 * The `scale` subresource (autoscaling/v1 Scale) over the replica paths a resource declares:
 * built-in workloads use spec.replicas / status.replicas, CRDs their specReplicasPath.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/apps/deployment/storage/storage.go
 */
export function getScale(def: ResourceDef, obj: Obj): Obj {
  const scale = def.scale!;
  const m = obj.metadata!;
  const selector = scale.labelSelectorPath ? getPath(obj, scale.labelSelectorPath) : undefined;
  const status: Record<string, unknown> = {
    replicas: Number(getPath(obj, scale.statusReplicasPath) ?? 0),
  };
  if (typeof selector === 'string' && selector) status.selector = selector;
  else if (!def.crdName && obj.spec?.selector) {
    const text = selectorString(obj.spec.selector);
    if (text) status.selector = text;
  }
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: Number(getPath(obj, scale.specReplicasPath) ?? 0) },
    status,
  };
}

/** Writes a Scale's spec.replicas into the object (honouring its resourceVersion) and returns the new Scale. */
export function updateScale(
  core: ApiCore,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
  scale: Obj,
  writeOptions: WriteOptions,
): Obj {
  const live = core.generic.get(def, namespace, name);
  if (scale.metadata?.name && scale.metadata.name !== name) {
    throw newBadRequest(
      `the name of the object (${scale.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  const rv = scale.metadata?.resourceVersion;
  if (rv && rv !== live.metadata!.resourceVersion)
    throw newConflict(groupResource(def), name, OptimisticLockErrorMsg);
  const replicas = scale.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw newInvalid({ group: 'autoscaling', kind: 'Scale' }, name, [
      {
        type: 'FieldValueInvalid',
        field: 'spec.replicas',
        detail: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0`,
      },
    ]);
  }
  const next = clone(live);
  setPath(next, def.scale!.specReplicasPath, replicas);
  const tracked = replicasOwned(def, live)
    ? writeOptions
    : { ...writeOptions, fieldManager: undefined };
  return getScale(def, core.generic.update(def, namespace, name, next, tracked));
}

/**
 * Whether some manager owns the replicas field. kube-apiserver tracks a write through `scale`
 * on the Scale's own managedFields, made of the entries that own replicas (ScaleHandler); with
 * none, its field manager skips tracking an update of an untracked object, so the write is
 * recorded for nobody.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/managedfields/scalehandler.go
 */
function replicasOwned(def: ResourceDef, live: Obj): boolean {
  const path = def
    .scale!.specReplicasPath.replace(/^\./, '')
    .split('.')
    .map((f) => fieldElement(f));
  return decodeManagedFields(live.metadata?.managedFields).some((e) => e.fields.has(path));
}
