import { isJsonObject, type JsonValue } from '../json';

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
    const out = new FieldSet();
    mergeInto(out.root, this.root);
    mergeInto(out.root, other.root);
    return out;
  }

  /** The paths in this set but not in `other`. */
  difference(other: FieldSet): FieldSet {
    return this.combine(other, (a, b) => a && !b);
  }

  /** The paths in both sets. */
  intersection(other: FieldSet): FieldSet {
    return this.combine(other, (a, b) => a && b);
  }

  /**
   * The paths of this set that `visit` keeps: `visit(pe, ctx)` returns the context of the child
   * `pe` of a path whose context is `ctx`, or `undefined` to drop that path and all below it.
   */
  filter<C>(rootContext: C, visit: (pe: string, context: C) => C | undefined): FieldSet {
    const out = new FieldSet();
    const walk = (from: Node, to: Node, context: C) => {
      for (const [pe, child] of from.children) {
        const c = visit(pe, context);
        if (c === undefined) continue;
        const copy = newNode();
        copy.member = child.member;
        walk(child, copy, c);
        if (copy.member || copy.children.size > 0) to.children.set(pe, copy);
      }
    };
    walk(this.root, out.root, rootContext);
    return out;
  }

  /** The set in FieldsV1 form: `{"f:spec":{"f:replicas":{}}}`, `".": {}` marking members with children. */
  toFieldsV1(): Record<string, unknown> {
    const encode = (node: Node): Record<string, unknown> | undefined => {
      const children: Array<[string, Record<string, unknown>]> = [];
      for (const [pe, child] of node.children) {
        const encoded = encode(child);
        if (encoded) children.push([pe, encoded]);
      }
      if (!node.member && children.length === 0) return undefined;
      const out: Record<string, unknown> = {};
      if (node.member && children.length > 0) out['.'] = {};
      children.sort(([a], [b]) => comparePathElements(a, b));
      for (const [pe, encoded] of children) out[pe] = encoded;
      return out;
    };
    return encode(this.root) ?? {};
  }

  /** A cursor at the root, to add paths while walking an object (see {@link FieldCursor}). */
  cursor(): FieldCursor {
    return new FieldCursor(() => this.root, 0);
  }

  private combine(other: FieldSet, keep: (a: boolean, b: boolean) => boolean): FieldSet {
    const out = new FieldSet();
    const walk = (a: Node, b: Node | undefined, to: Node) => {
      to.member = keep(a.member, b?.member ?? false);
      for (const [pe, child] of a.children) {
        const copy = newNode();
        walk(child, b?.children.get(pe), copy);
        if (copy.member || copy.children.size > 0) to.children.set(pe, copy);
      }
    };
    walk(this.root, other.root, out.root);
    return out;
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

/**
 * A position in a {@link FieldSet} being built: `child(pe)` descends, `mark()` adds the path of
 * the position. Nodes are created only for marked paths, so walking costs no allocation in the
 * set for the paths left out.
 */
export class FieldCursor {
  private node: Node | undefined;

  /** @param resolve finds or creates this position's node; `depth` counts its path elements. */
  constructor(
    private readonly resolve: () => Node,
    readonly depth: number,
  ) {}

  /** The cursor of the child path element `pe`. */
  child(pe: string): FieldCursor {
    return new FieldCursor(() => {
      const parent = this.materialize();
      let next = parent.children.get(pe);
      if (!next) {
        next = newNode();
        parent.children.set(pe, next);
      }
      return next;
    }, this.depth + 1);
  }

  /** Adds this position's path to the set. */
  mark(): void {
    this.materialize().member = true;
  }

  private materialize(): Node {
    this.node ??= this.resolve();
    return this.node;
  }
}

function mergeInto(to: Node, from: Node): void {
  to.member = to.member || from.member;
  for (const [pe, child] of from.children) {
    let target = to.children.get(pe);
    if (!target) {
      target = newNode();
      to.children.set(pe, target);
    }
    mergeInto(target, child);
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
