import { isJsonObject, type JsonValue } from './json-value';

/**
 * A set of field paths, as structured-merge-diff keeps them for managedFields. A path is a list
 * of path elements in FieldsV1 spelling: `f:<field>` (a field of a struct or map),
 * `k:{"name":"web"}` (an element of an associative list, by its keys), `v:"a"` (a value of a
 * set list), `i:3` (an element of an atomic list, rarely used).
 *
 * @see https://github.com/kubernetes-sigs/structured-merge-diff/blob/master/fieldpath/set.go
 */

/** One field path: path elements from the root. */
export type FieldPath = readonly string[];

interface Node {
  member: boolean;
  children: Map<string, Node>;
}

const newNode = (): Node => ({ member: false, children: new Map() });

/** A set of {@link FieldPath}s, stored as a tree. */
export class FieldSet {
  private readonly root: Node = newNode();

  /** A set holding `paths`. */
  static of(paths: Iterable<FieldPath>): FieldSet {
    const set = new FieldSet();
    for (const p of paths) set.insert(p);
    return set;
  }

  /** Adds `path` to the set. */
  insert(path: FieldPath): void {
    let node = this.root;
    for (const pe of path) {
      let next = node.children.get(pe);
      if (!next) {
        next = newNode();
        node.children.set(pe, next);
      }
      node = next;
    }
    node.member = true;
  }

  /** Removes `path` (not its descendants). */
  remove(path: FieldPath): void {
    const node = this.find(path);
    if (node) node.member = false;
  }

  /** True when `path` is in the set. */
  has(path: FieldPath): boolean {
    return this.find(path)?.member === true;
  }

  /** True when a strict descendant of `path` is in the set. */
  hasDescendant(path: FieldPath): boolean {
    const node = this.find(path);
    return node !== undefined && [...node.children.values()].some(hasAnyMember);
  }

  /** Every path of the set, in depth-first order. */
  paths(): FieldPath[] {
    const out: FieldPath[] = [];
    const walk = (node: Node, prefix: string[]) => {
      if (node.member) out.push(prefix);
      for (const [pe, child] of node.children) walk(child, [...prefix, pe]);
    };
    walk(this.root, []);
    return out;
  }

  /** True when the set holds no path. */
  isEmpty(): boolean {
    return !hasAnyMember(this.root);
  }

  /** The paths in this set or in `other`. */
  union(other: FieldSet): FieldSet {
    return FieldSet.of([...this.paths(), ...other.paths()]);
  }

  /** The paths in this set but not in `other`. */
  difference(other: FieldSet): FieldSet {
    return FieldSet.of(this.paths().filter((p) => !other.has(p)));
  }

  /** The paths in both sets. */
  intersection(other: FieldSet): FieldSet {
    return FieldSet.of(this.paths().filter((p) => other.has(p)));
  }

  /** The set in FieldsV1 form: `{"f:spec":{"f:replicas":{}}}`, `".": {}` marking members with children. */
  toFieldsV1(): Record<string, unknown> {
    const encode = (node: Node): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      const children = [...node.children.entries()].filter(([, c]) => hasAnyMember(c));
      if (node.member && children.length > 0) out['.'] = {};
      children.sort(([a], [b]) => comparePathElements(a, b));
      for (const [pe, child] of children) out[pe] = encode(child);
      return out;
    };
    return encode(this.root);
  }

  /** Parses FieldsV1 (invalid input yields the paths it could read). */
  static fromFieldsV1(fields: unknown): FieldSet {
    const set = new FieldSet();
    const walk = (value: unknown, prefix: string[]) => {
      if (!isJsonObject(value)) return;
      const keys = Object.keys(value);
      if (keys.length === 0 && prefix.length > 0) set.insert(prefix);
      for (const key of keys) {
        if (key === '.') set.insert(prefix);
        else walk(value[key], [...prefix, key]);
      }
    };
    walk(fields, []);
    return set;
  }

  private find(path: FieldPath): Node | undefined {
    let node: Node | undefined = this.root;
    for (const pe of path) {
      node = node.children.get(pe);
      if (!node) return undefined;
    }
    return node;
  }
}

function hasAnyMember(node: Node): boolean {
  return node.member || [...node.children.values()].some(hasAnyMember);
}

const kindOrder: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** Orders path elements as structured-merge-diff does: fields, keys, values, indices. */
function comparePathElements(a: string, b: string): number {
  const ka = kindOrder[a[0] ?? ''] ?? 4;
  const kb = kindOrder[b[0] ?? ''] ?? 4;
  if (ka !== kb) return ka - kb;
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `f:<name>`. */
export function fieldElement(name: string): string {
  return `f:${name}`;
}

/** `k:{"name":"web"}` for the keys of an associative list element (keys sorted). */
export function keyElement(keys: Record<string, JsonValue>): string {
  const sorted = Object.fromEntries(
    Object.keys(keys)
      .sort()
      .map((k) => [k, keys[k] ?? null]),
  );
  return `k:${JSON.stringify(sorted)}`;
}

/** `v:<json>` for a value of a set list. */
export function valueElement(value: JsonValue): string {
  return `v:${JSON.stringify(value)}`;
}

/** `i:<n>` for an element of an atomic list. */
export function indexElement(index: number): string {
  return `i:${index}`;
}

/**
 * A path as structured-merge-diff prints it in conflict messages:
 * `.spec.template.spec.containers[name="web"].image`, `.metadata.finalizers[="x"]`.
 */
export function formatFieldPath(path: FieldPath): string {
  return path
    .map((pe) => {
      const body = pe.slice(2);
      switch (pe[0]) {
        case 'f':
          return `.${body}`;
        case 'k': {
          const keys = JSON.parse(body) as Record<string, unknown>;
          return `[${Object.entries(keys)
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(',')}]`;
        }
        case 'v':
          return `[=${body}]`;
        default:
          return `[${body}]`;
      }
    })
    .join('');
}
