import { builtinResources } from '../builtins/builtin-resources';
import { resourceKey, type ResourceDef } from '../storage/resource-def';

/**
 * The resources the server currently serves: the built-in table plus one row per established
 * CRD. Discovery reads it in registration order; routing looks rows up by group, version and
 * resource.
 */
export class Registry {
  private readonly defs = new Map<string, ResourceDef>();
  /** Bumped on every change so discovery documents can be cached. */
  generation = 0;

  constructor() {
    for (const def of builtinResources) this.add(def);
  }

  add(def: ResourceDef): void {
    this.defs.set(resourceKey(def), def);
    this.generation++;
  }

  remove(group: string, resource: string): void {
    this.defs.delete(resourceKey({ group, resource }));
    this.generation++;
  }

  /** The row for a resource in a group, whatever the version. */
  byResource(group: string, resource: string): ResourceDef | undefined {
    return this.defs.get(resourceKey({ group, resource }));
  }

  /** The row stored under a resource key (`deployments.apps`). */
  byKey(key: string): ResourceDef | undefined {
    return this.defs.get(key);
  }

  /** The row serving `resource` at `group/version`, if that version is served. */
  lookup(group: string, version: string, resource: string): ResourceDef | undefined {
    const def = this.byResource(group, resource);
    return def?.versions.some((v) => v.name === version) ? def : undefined;
  }

  /** The row for a kind in a group (owner references name kinds, not resources). */
  byKind(group: string, kind: string): ResourceDef | undefined {
    for (const def of this.defs.values()) if (def.group === group && def.kind === kind) return def;
    return undefined;
  }

  all(): IterableIterator<ResourceDef> {
    return this.defs.values();
  }

  /** Groups in registration order with their versions (preferred first). */
  groups(): Array<{ name: string; versions: string[] }> {
    const out = new Map<string, string[]>();
    for (const def of this.defs.values()) {
      const versions = out.get(def.group) ?? [];
      for (const v of def.versions) if (!versions.includes(v.name)) versions.push(v.name);
      out.set(def.group, versions);
    }
    return [...out].map(([name, versions]) => ({ name, versions: sortVersions(versions) }));
  }
}

/** Kubernetes version priority: GA > beta > alpha, higher numbers first, then the rest by name. */
export function sortVersions(versions: string[]): string[] {
  const rank = (v: string): [number, number, number, string] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0, v];
    const level = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
    return [level, -Number(m[1]), -Number(m[3] ?? 0), v];
  };
  return [...versions].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return (ra[i] as number) - (rb[i] as number);
    return ra[3] < rb[3] ? -1 : ra[3] > rb[3] ? 1 : 0;
  });
}
