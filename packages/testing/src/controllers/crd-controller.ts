import type { FieldError } from '@kubekit/apimachinery';
import { BackgroundWorker } from './background-worker';
import { formatTime } from '../storage/object-util';
import { clone } from '../semantics/json';
import { sortVersions } from '../server/registry';
import { resourceKey, type PrinterColumn, type ResourceDef } from '../storage/resource-def';
import type { Obj, StoreEvent } from '../storage/store';

/** The finalizer kube-apiserver puts on a CRD being deleted until its objects are gone. */
export const crdCleanupFinalizer = 'customresourcecleanup.apiextensions.k8s.io';

/**
 * Checks the parts of a CRD the server relies on (kube's ValidateCustomResourceDefinition,
 * reduced to what serving needs): name = plural.group, names, scope, one storage version.
 */
export function validateCrd(crd: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  const req = (field: string): void =>
    void errs.push({ type: 'FieldValueRequired', field, detail: 'Required value' });
  if (!spec.group) req('spec.group');
  if (!names.plural) req('spec.names.plural');
  if (!names.kind) req('spec.names.kind');
  if (spec.group && names.plural && crd.metadata?.name !== `${names.plural}.${spec.group}`) {
    errs.push({
      type: 'FieldValueInvalid',
      field: 'metadata.name',
      detail: `Invalid value: ${JSON.stringify(crd.metadata?.name)}: must be spec.names.plural+"."+spec.group`,
    });
  }
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    errs.push({
      type: 'FieldValueNotSupported',
      field: 'spec.scope',
      detail: `Unsupported value: ${JSON.stringify(spec.scope ?? '')}: supported values: "Cluster", "Namespaced"`,
    });
  }
  const versions: Obj[] = Array.isArray(spec.versions) ? spec.versions : [];
  if (!versions.length)
    errs.push({
      type: 'FieldValueInvalid',
      field: 'spec.versions',
      detail: 'Invalid value: null: must have exactly one version marked as storage version',
    });
  else if (versions.filter((v) => v.storage).length !== 1) {
    errs.push({
      type: 'FieldValueInvalid',
      field: 'spec.versions',
      detail: `Invalid value: ${JSON.stringify(versions.map((v) => v.name))}: must have exactly one version marked as storage version`,
    });
  }
  return errs;
}

/** The registry row a CRD serves. */
export function crdToResourceDef(crd: Obj): ResourceDef {
  const spec = crd.spec;
  const names = spec.names;
  const all: Obj[] = spec.versions;
  const served = all.filter((v) => v.served !== false);
  const order = sortVersions(served.map((v) => v.name));
  const storage = all.find((v) => v.storage)!;
  const subresources = storage.subresources ?? served[0]?.subresources ?? {};
  const scale = subresources.scale;
  return {
    group: spec.group,
    versions: order.map((name) => {
      const v = served.find((x) => x.name === name)!;
      return {
        name,
        schema: v.schema?.openAPIV3Schema,
        printerColumns: v.additionalPrinterColumns as PrinterColumn[] | undefined,
        selectableFields: Array.isArray(v.selectableFields)
          ? v.selectableFields.map((f: Obj) => String(f.jsonPath).replace(/^\./, ''))
          : undefined,
      };
    }),
    storageVersion: storage.name,
    resource: names.plural,
    kind: names.kind,
    listKind: names.listKind ?? `${names.kind}List`,
    singular: names.singular ?? String(names.kind).toLowerCase(),
    namespaced: spec.scope === 'Namespaced',
    shortNames: names.shortNames,
    categories: names.categories,
    status: !!subresources.status,
    scale: scale
      ? {
          specReplicasPath: scale.specReplicasPath,
          statusReplicasPath: scale.statusReplicasPath,
          labelSelectorPath: scale.labelSelectorPath,
        }
      : undefined,
    generation: true,
    crdName: crd.metadata!.name,
  };
}

/**
 * Serves CustomResourceDefinitions: an accepted CRD gets NamesAccepted and Established
 * conditions and its resource is served at every served version; a CRD being deleted has its
 * objects deleted (watchers see DELETED), stops being served, then loses its cleanup finalizer.
 *
 * @see https://github.com/kubernetes/apiextensions-apiserver/tree/master/pkg/controller
 */
export class CrdController extends BackgroundWorker {
  protected observe(e: StoreEvent): void {
    if (e.resource !== 'customresourcedefinitions.apiextensions.k8s.io') return;
    if (e.type === 'DELETED') this.unserve(e.obj);
    else this.queue.add(e.key);
  }

  private unserve(crd: Obj): void {
    const def = this.core.registry.byResource(crd.spec.group, crd.spec.names.plural);
    if (!def || def.crdName !== crd.metadata!.name) return;
    this.core.store.dropResource(resourceKey(def));
    this.core.registry.remove(def.group, def.resource);
    this.core.hub.closeAll(resourceKey(def));
  }

  protected sync(name: string): void {
    const crdDef = this.core.registry.byKey('customresourcedefinitions.apiextensions.k8s.io')!;
    const crd = this.core.store.get(resourceKey(crdDef), name)?.obj;
    if (!crd) return;
    if (crd.metadata!.deletionTimestamp) {
      this.unserve(crd);
      if (!crd.metadata!.finalizers?.includes(crdCleanupFinalizer)) return;
      const next = clone(crd);
      next.metadata!.finalizers = next.metadata!.finalizers!.filter(
        (f) => f !== crdCleanupFinalizer,
      );
      this.core.generic.update(crdDef, undefined, name, next);
      return;
    }
    const existing = this.core.registry.byResource(crd.spec.group, crd.spec.names.plural);
    // names already served by a built-in resource or by another CRD are not accepted
    const namesClash = !!existing && existing.crdName !== name;
    if (!namesClash) this.core.registry.add(crdToResourceDef(crd));
    const now = formatTime(this.core.now());
    const cond = (type: string, ok: boolean, reason: string, message: string) => {
      const prev = (crd.status?.conditions ?? []).find((c: Obj) => c.type === type);
      const status = ok ? 'True' : 'False';
      return {
        type,
        status,
        lastTransitionTime: prev?.status === status ? prev.lastTransitionTime : now,
        reason,
        message,
      };
    };
    const status = {
      conditions: namesClash
        ? [
            cond(
              'NamesAccepted',
              false,
              'ResourceConflict',
              `"${crd.spec.names.plural}" is already in use`,
            ),
            cond('Established', false, 'NotAccepted', 'not all names are accepted'),
          ]
        : [
            cond('NamesAccepted', true, 'NoConflicts', 'no conflicts found'),
            cond(
              'Established',
              true,
              'InitialNamesAccepted',
              'the initial names have been accepted',
            ),
          ],
      acceptedNames: namesClash
        ? { plural: '', kind: '' }
        : {
            ...crd.spec.names,
            singular: crd.spec.names.singular ?? String(crd.spec.names.kind).toLowerCase(),
            listKind: crd.spec.names.listKind ?? `${crd.spec.names.kind}List`,
          },
      storedVersions: [
        ...new Set([
          ...(crd.status?.storedVersions ?? []),
          crd.spec.versions.find((v: Obj) => v.storage)?.name,
        ]),
      ],
    };
    this.core.generic.update(
      crdDef,
      undefined,
      name,
      { ...clone(crd), status },
      { subresource: 'status' },
    );
  }
}
