import {
  compareKubeAwareVersions,
  formatGroupVersion,
  formatGroupVersionKind,
  formatGroupVersionResource,
  gvkFromObject,
  type GroupVersion,
  type GroupVersionKind,
  type GroupVersionResource,
} from './group-version';
import type { KubeList, KubeObject } from './meta';
import type { FieldError } from './status-errors';
import { SchemeError } from './scheme-error';

/**
 * The registry of kinds (runtime.Scheme) with a small RESTMapper: which kinds exist, their
 * resources, scope, defaulting, validation and conversion between versions.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/runtime/scheme.go
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/api/meta/restmapper.go
 */

/** How a kind is registered in a {@link Scheme}. */
export interface KindRegistration<T extends KubeObject = KubeObject> {
  gvk: GroupVersionKind;
  /** The resource: lower-case plural, e.g. `deployments`. */
  plural: string;
  /** Lower-case singular; default: the kind in lower case. */
  singular?: string;
  /** True for namespaced kinds, false for cluster-scoped ones (nodes, namespaces). */
  namespaced: boolean;
  /** The kind of its lists; default: kind + `List`. */
  listKind?: string;
  /** Short names such as `deploy`. */
  shortNames?: string[];
  /** Fills in defaults, in place. */
  defaulter?: (obj: T) => void;
  /** Checks an object; returns the fields at fault (empty when valid). */
  validator?: (obj: T) => FieldError[];
}

/** What the scheme knows about a kind (meta.RESTMapping plus the extras). */
export interface KindInfo {
  gvk: GroupVersionKind;
  resource: GroupVersionResource;
  singular: string;
  namespaced: boolean;
  listKind: string;
  shortNames: readonly string[];
}

/**
 * Converts an object of one version to another version of the same kind. It receives a deep
 * copy that it may change; `apiVersion` and `kind` of the result are set by the scheme.
 */
export type Converter = (obj: KubeObject) => KubeObject;

/** A conversion between two versions of a kind. */
export interface ConversionRegistration {
  from: GroupVersionKind;
  /** The target group version; the kind stays the same. */
  to: GroupVersion;
  convert: Converter;
}

interface Entry extends KindInfo {
  defaulter?: (obj: KubeObject) => void;
  validator?: (obj: KubeObject) => FieldError[];
}

const gvkKey = (g: GroupVersionKind): string => `${g.group}/${g.version}/${g.kind}`;
const gvrKey = (g: GroupVersionResource): string => `${g.group}/${g.version}/${g.resource}`;

/**
 * A registry of kinds. Create one per program (or per test), register the kinds it handles,
 * then look them up.
 *
 * @example
 * ```ts
 * const scheme = new Scheme();
 * scheme.register({ gvk: { group: 'apps', version: 'v1', kind: 'Deployment' }, plural: 'deployments', namespaced: true, shortNames: ['deploy'] });
 * scheme.resourceFor({ group: 'apps', version: 'v1', kind: 'Deployment' }).resource; // 'deployments'
 * ```
 */
export class Scheme {
  private readonly byKind = new Map<string, Entry>();
  private readonly byResource = new Map<string, Entry>();
  /** from GVK key -> target GroupVersion text -> conversion */
  private readonly conversions = new Map<string, Map<string, ConversionRegistration>>();

  /**
   * Registers a kind.
   *
   * @throws {@link SchemeError} `AlreadyRegistered` when the GVK, or the resource in its group
   *   version, is taken; `InvalidRegistration` when kind, version or plural is empty.
   */
  register<T extends KubeObject>(registration: KindRegistration<T>): void {
    const { gvk, plural } = registration;
    if (!gvk.kind || !gvk.version || !plural) {
      throw new SchemeError(
        'InvalidRegistration',
        `a registration needs a kind, a version and a plural, got ${formatGroupVersionKind(gvk)} (plural ${JSON.stringify(plural)})`,
      );
    }
    const resource: GroupVersionResource = {
      group: gvk.group,
      version: gvk.version,
      resource: plural,
    };
    if (this.byKind.has(gvkKey(gvk)) || this.byResource.has(gvrKey(resource))) {
      throw new SchemeError(
        'AlreadyRegistered',
        `${formatGroupVersionKind(gvk)} (${formatGroupVersionResource(resource)}) is already registered`,
      );
    }
    const entry: Entry = {
      gvk: { group: gvk.group, version: gvk.version, kind: gvk.kind },
      resource,
      singular: registration.singular ?? gvk.kind.toLowerCase(),
      namespaced: registration.namespaced,
      listKind: registration.listKind ?? `${gvk.kind}List`,
      shortNames: Object.freeze([...(registration.shortNames ?? [])]),
      defaulter: registration.defaulter as ((obj: KubeObject) => void) | undefined,
      validator: registration.validator as ((obj: KubeObject) => FieldError[]) | undefined,
    };
    this.byKind.set(gvkKey(gvk), entry);
    this.byResource.set(gvrKey(resource), entry);
  }

  /** Registers a conversion from one version of a kind to another (one direction). */
  addConversion(conversion: ConversionRegistration): void {
    const key = gvkKey(conversion.from);
    const edges = this.conversions.get(key) ?? new Map<string, ConversionRegistration>();
    edges.set(formatGroupVersion(conversion.to), conversion);
    this.conversions.set(key, edges);
  }

  /** True when `gvk` is registered. */
  recognizes(gvk: GroupVersionKind): boolean {
    return this.byKind.has(gvkKey(gvk));
  }

  /** Every registered GVK, sorted by group, kind, then version priority. */
  knownKinds(): GroupVersionKind[] {
    return [...this.byKind.values()]
      .map((e) => ({ ...e.gvk }))
      .sort(
        (a, b) =>
          cmp(a.group, b.group) ||
          cmp(a.kind, b.kind) ||
          compareKubeAwareVersions(b.version, a.version),
      );
  }

  /**
   * The registered GVK of an object, read from its `apiVersion` and `kind`.
   *
   * @throws {@link SchemeError} `InvalidObject` (missing or malformed fields) or `NotRegistered`.
   */
  kindFor(obj: KubeObject): GroupVersionKind {
    let gvk: GroupVersionKind;
    try {
      gvk = gvkFromObject(obj);
    } catch (err) {
      throw new SchemeError(
        'InvalidObject',
        `cannot tell the kind of the object: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
    return { ...this.entry(gvk).gvk };
  }

  /** Everything registered about `gvk`. @throws {@link SchemeError} `NotRegistered`. */
  info(gvk: GroupVersionKind): KindInfo {
    const { defaulter: _d, validator: _v, ...info } = this.entry(gvk);
    return { ...info, gvk: { ...info.gvk }, resource: { ...info.resource } };
  }

  /**
   * A new object of `gvk`: `{ apiVersion, kind, metadata: {} }` (not defaulted).
   *
   * @throws {@link SchemeError} `NotRegistered`.
   */
  new<T extends KubeObject = KubeObject>(gvk: GroupVersionKind): T {
    const e = this.entry(gvk);
    return { apiVersion: formatGroupVersion(e.gvk), kind: e.gvk.kind, metadata: {} } as T;
  }

  /** A new empty list of `gvk`: `{ apiVersion, kind: listKind, metadata: {}, items: [] }`. */
  newList<T extends KubeObject = KubeObject>(gvk: GroupVersionKind): KubeList<T> {
    const e = this.entry(gvk);
    return { apiVersion: formatGroupVersion(e.gvk), kind: e.listKind, metadata: {}, items: [] };
  }

  /**
   * Applies the kind's defaulter to `obj` in place and returns it (no-op without a defaulter).
   *
   * @throws {@link SchemeError} `InvalidObject` / `NotRegistered` as {@link Scheme.kindFor}.
   */
  default<T extends KubeObject>(obj: T): T {
    this.entry(this.kindFor(obj)).defaulter?.(obj);
    return obj;
  }

  /**
   * The kind's validation errors for `obj` (`[]` when valid or without a validator).
   *
   * @throws {@link SchemeError} `InvalidObject` / `NotRegistered` as {@link Scheme.kindFor}.
   */
  validate<T extends KubeObject>(obj: T): FieldError[] {
    return this.entry(this.kindFor(obj)).validator?.(obj) ?? [];
  }

  /**
   * Converts `obj` to another version of its kind, through as many registered conversions as
   * needed (shortest chain). Always returns a new object (a deep copy for the same version);
   * `obj` is not changed.
   *
   * @throws {@link SchemeError} `NoConversion` when no chain leads there, `NotRegistered` when
   *   the object's kind or the target GVK is unknown, `InvalidObject` as {@link Scheme.kindFor}.
   */
  convert<T extends KubeObject = KubeObject>(obj: KubeObject, to: GroupVersion): T {
    const from = this.kindFor(obj);
    const target = this.entry({ group: to.group, version: to.version, kind: from.kind }).gvk;
    const path = this.conversionPath(from, target);
    if (!path) {
      throw new SchemeError(
        'NoConversion',
        `no conversion from ${formatGroupVersionKind(from)} to ${formatGroupVersion(target)}`,
      );
    }
    let out: KubeObject = structuredClone(obj);
    for (const convert of path) out = convert(structuredClone(out));
    out.apiVersion = formatGroupVersion(target);
    out.kind = target.kind;
    return out as T;
  }

  /**
   * The resource of a kind (RESTMapper.RESTMapping).
   *
   * @throws {@link SchemeError} `NotRegistered`.
   */
  resourceFor(gvk: GroupVersionKind): GroupVersionResource {
    return { ...this.entry(gvk).resource };
  }

  /**
   * The kind of a resource (RESTMapper.KindFor). `resource` may be the plural or the singular,
   * in any case; an empty `version` picks the kind's highest-priority registered version.
   *
   * @throws {@link SchemeError} `NotRegistered`.
   */
  kindForResource(gvr: GroupVersionResource): GroupVersionKind {
    const name = gvr.resource.toLowerCase();
    const found = this.preferred(
      (e) =>
        e.gvk.group === gvr.group &&
        (gvr.version === '' || e.gvk.version === gvr.version) &&
        (e.resource.resource === name || e.singular === name),
    );
    if (!found) {
      throw new SchemeError(
        'NotRegistered',
        `no kind is registered for the resource ${formatGroupVersionResource(gvr)}`,
      );
    }
    return { ...found.gvk };
  }

  /**
   * The resource with this short name (`deploy` -> deployments), in its preferred version.
   *
   * @throws {@link SchemeError} `NotRegistered`.
   */
  resourceForShortName(shortName: string): GroupVersionResource {
    const found = this.preferred((e) => e.shortNames.includes(shortName));
    if (!found)
      throw new SchemeError(
        'NotRegistered',
        `no resource has the short name ${JSON.stringify(shortName)}`,
      );
    return { ...found.resource };
  }

  /**
   * True when objects of the kind (or resource) live in namespaces.
   *
   * @throws {@link SchemeError} `NotRegistered`.
   */
  isNamespaced(what: GroupVersionKind | GroupVersionResource): boolean {
    const gvk = 'kind' in what ? what : this.kindForResource(what);
    return this.entry(gvk).namespaced;
  }

  private entry(gvk: GroupVersionKind): Entry {
    const e = this.byKind.get(gvkKey(gvk));
    if (!e)
      throw new SchemeError(
        'NotRegistered',
        `no kind ${formatGroupVersionKind(gvk)} is registered in the scheme`,
      );
    return e;
  }

  /** The matching entry with the highest version priority (ties: registration order). */
  private preferred(match: (e: Entry) => boolean): Entry | undefined {
    let best: Entry | undefined;
    for (const e of this.byKind.values()) {
      if (match(e) && (!best || compareKubeAwareVersions(e.gvk.version, best.gvk.version) > 0))
        best = e;
    }
    return best;
  }

  /** Breadth-first search over registered conversions; `[]` when already there. */
  private conversionPath(from: GroupVersionKind, to: GroupVersionKind): Converter[] | undefined {
    const targetKey = gvkKey(to);
    const seen = new Set([gvkKey(from)]);
    let frontier: { gvk: GroupVersionKind; path: Converter[] }[] = [{ gvk: from, path: [] }];
    while (frontier.length > 0) {
      const next: typeof frontier = [];
      for (const { gvk, path } of frontier) {
        if (gvkKey(gvk) === targetKey) return path;
        for (const { to, convert } of this.conversions.get(gvkKey(gvk))?.values() ?? []) {
          const step: GroupVersionKind = { group: to.group, version: to.version, kind: gvk.kind };
          if (seen.has(gvkKey(step))) continue;
          seen.add(gvkKey(step));
          next.push({ gvk: step, path: [...path, convert] });
        }
      }
      frontier = next;
    }
    return undefined;
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
