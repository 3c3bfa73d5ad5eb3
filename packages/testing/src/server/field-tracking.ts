import { emptyCoreEvent, emptyEventsV1Event } from '../builtins/defaults/event-defaults';
import { emptyWorkloads } from '../builtins/defaults/workload-defaults';
import type { TrackFieldsHook } from '../storage/store-options';
import { recordUpdateManager, type TypeSource } from '../semantics/patch';
import type { ResourceDef } from '../storage/resource-def';
import type { JSONSchemaProps } from '../semantics/schema';
import type { Obj } from '../storage/store';

/**
 * How managedFields tracking sees a resource: built-in kinds by their list rules, custom
 * resources by their schema; and the fields an endpoint resets (kube's ResetFieldsStrategy):
 * status on the main resource of a kind with a status subresource, the rest on `/status`.
 */
export function typeSourceFor(def: ResourceDef, subresource: string | undefined): TypeSource {
  const ignoredFields = !def.status
    ? undefined
    : subresource === 'status'
      ? [['spec'], ['metadata']]
      : [['status']];
  if (def.crdName) {
    const schema = def.versions.find((v) => v.name === def.storageVersion)?.schema as
      JSONSchemaProps | undefined;
    return { schema, ignoredFields };
  }
  return { gvk: { group: def.group, kind: def.kind }, ignoredFields };
}

/**
 * What Go serializes for an empty object of a built-in kind, the fields without omitempty (only
 * those that matter to tracking): kube's field manager compares a created object with it, so a
 * list that was null there (pod containers) is not owned itself, only its elements.
 */
const emptyObjects: Record<string, Readonly<Obj>> = {
  '/Pod': { spec: { containers: null } },
  '/Event': emptyCoreEvent,
  'events.k8s.io/Event': emptyEventsV1Event,
  'coordination.k8s.io/Lease': { spec: {} },
  ...emptyWorkloads,
};

/** The TrackFieldsHook of the server: every create / update / patch records its manager. */
export function fieldTracker(now: () => Date): TrackFieldsHook {
  return (def, live, next, opts) =>
    recordUpdateManager({
      ...typeSourceFor(def, opts.subresource),
      live: live ?? (def.crdName ? undefined : emptyObjects[`${def.group}/${def.kind}`]),
      updated: next,
      manager: opts.manager,
      apiVersion: opts.apiVersion,
      subresource: opts.subresource,
      now: opts.subresource === 'scale' ? undefined : now(),
    }) as Obj;
}

/**
 * The manager a request writes as: `fieldManager`, or the User-Agent up to its first `/`, as
 * kube-apiserver derives it (`kubectl/v1.33 (linux)` -> `kubectl`).
 */
export function managerFor(query: URLSearchParams, userAgent: string | undefined): string {
  const explicit = query.get('fieldManager');
  if (explicit) return explicit;
  const prefix = (userAgent ?? '').split('/')[0]!.trim();
  return (prefix || 'unknown').slice(0, 128);
}
