import type { KubeObject } from '@kubekit/apimachinery';
import type { ResourceRef } from '../storage-access';
import type { StoreEvent } from '../storage/store';

/** What an invariant reads: the server's objects now (copies), and the simulated time. */
export interface SimulationView {
  /** Milliseconds of simulated time since the start. */
  readonly elapsedMs: number;
  /** Every object of a resource (in one namespace when given), in key order. */
  list<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace?: string): T[];
  /** One object, or undefined. */
  get<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    name: string,
    namespace?: string,
  ): T | undefined;
}

/**
 * A property the system must keep. `check` returns nothing when it holds, else what is wrong
 * (a message, or several). An invariant may keep state between checks (e.g. the pods it saw
 * before); give `simulate()` a function returning fresh invariants so every run starts clean.
 */
export interface SimulationInvariant {
  name: string;
  /**
   * Sees every committed write as it happens (before any step check), e.g. to remember that a
   * pod succeeded before it was deleted; messages returned are violations. Must not modify
   * `change.object`.
   */
  observe?(change: SimulationChange): string | readonly string[] | undefined | void;
  /**
   * `always` (default): after every step that changed the server's objects; `quiescence`: once,
   * after faults stopped and the system went quiet (e.g. "every job reaches a terminal state").
   */
  when?: 'always' | 'quiescence';
  check(view: SimulationView): string | readonly string[] | undefined | void;
}

/** One committed write, as {@link SimulationInvariant.observe} sees it. */
export interface SimulationChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The resource, `pods` or `<plural>.<group>` (`tfjobs.kubeflow.org`). */
  resource: string;
  /** The object after the write (before it, for DELETED). */
  object: KubeObject;
  /** Simulated ms since the start. */
  elapsedMs: number;
}

/** An invariant that did not hold. */
export interface Violation {
  invariant: string;
  message: string;
  /** Simulated ms since the start. */
  atMs: number;
}

/** The messages of one check's outcome. */
export function messagesOf(outcome: string | readonly string[] | undefined | void): string[] {
  if (outcome === undefined || outcome === '') return [];
  return typeof outcome === 'string' ? [outcome] : [...outcome];
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseTransitions?: number;
}

/**
 * Built-in: one leader per lease term. Every write of a Lease is checked as it commits: two
 * different holders with the same `leaseTransitions` means two replicas believed they won
 * the same term (client-go increments the count whenever the holder changes).
 */
export function leaseTermWatcher(report: (message: string) => void): (e: StoreEvent) => void {
  const holders = new Map<string, string>();
  return (e) => {
    if (e.resource !== 'leases.coordination.k8s.io' || e.type === 'DELETED') return;
    const spec = (e.obj.spec ?? {}) as LeaseSpec;
    if (!spec.holderIdentity) return;
    const term = `${e.key}@${spec.leaseTransitions ?? 0}`;
    const before = holders.get(term);
    if (before === undefined) holders.set(term, spec.holderIdentity);
    else if (before !== spec.holderIdentity)
      report(
        `lease ${e.key} term ${spec.leaseTransitions ?? 0} held by ${before} and by ${spec.holderIdentity}`,
      );
  };
}

/**
 * Built-in: no key handled by two workers at once, across every manager. Controllers report
 * the start of a reconcile with `ctx.reconciling(key)` and call what it returns when it ends.
 */
export class WorkerTracker {
  readonly #active = new Map<string, string>();
  constructor(private readonly report: (message: string) => void) {}

  /** `owner` starts handling `key`; returns the function ending it (idempotent). */
  begin(owner: string, key: string): () => void {
    const other = this.#active.get(key);
    if (other !== undefined) this.report(`${key} handled by ${other} and ${owner} at once`);
    else this.#active.set(key, owner);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (this.#active.get(key) === owner) this.#active.delete(key);
    };
  }

  /** A crashed process handles nothing any more. */
  forget(owner: string): void {
    for (const [key, o] of this.#active) if (o === owner) this.#active.delete(key);
  }
}

/** A cache a manager exposes for the built-in "cache equals server after quiescence" check. */
export interface ExposedCache {
  ref: ResourceRef;
  namespace?: string | undefined;
  items(): readonly KubeObject[];
}

/**
 * Built-in: after quiescence a cache holds exactly the server's objects, at the server's
 * resourceVersions. Returns what differs (at most 5 keys named).
 */
export function cacheDifferences(cache: ExposedCache, view: SimulationView): string | undefined {
  const key = (o: KubeObject) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
  const server = new Map(
    view.list(cache.ref, cache.namespace).map((o) => [key(o), o.metadata?.resourceVersion]),
  );
  const cached = new Map(cache.items().map((o) => [key(o), o.metadata?.resourceVersion]));
  const diffs: string[] = [];
  for (const [k, rv] of server)
    if (!cached.has(k)) diffs.push(`${k} missing (server rv ${rv})`);
    else if (cached.get(k) !== rv) diffs.push(`${k} at rv ${cached.get(k)}, server ${rv}`);
  for (const k of cached.keys()) if (!server.has(k)) diffs.push(`${k} deleted on the server`);
  if (diffs.length === 0) return undefined;
  const more = diffs.length > 5 ? ` and ${diffs.length - 5} more` : '';
  return `${cache.ref.group ? `${cache.ref.resource}.${cache.ref.group}` : cache.ref.resource}: ${diffs.slice(0, 5).join('; ')}${more}`;
}
