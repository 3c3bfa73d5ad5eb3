/**
 * The create-time hooks of the built-in table's rows (kube's PrepareForCreate and the mutating
 * admission plugins that run on create): what a created pod, namespace, node or workload gets.
 */
import type { KubeObject } from '@kubekit/apimachinery';
import { defaultPod } from './defaults/pod-admission';
import type { JsonMap } from '../semantics/json';

/** Built-in kinds serialize an empty status as `{}` (their Go status structs are not omitempty). */
export function clearStatus(obj: KubeObject): void {
  (obj as JsonMap).status = {};
}

/** True when a container's cpu and memory requests equal its limits. */
function guaranteedContainer(c: JsonMap): boolean {
  const limits: JsonMap = c.resources.limits ?? {};
  const requests: JsonMap = c.resources.requests ?? {};
  return ['cpu', 'memory'].every((r) => limits[r] !== undefined && requests[r] === limits[r]);
}

/** A created pod: the v1 defaults and the initial status with the QoS class. */
export function preparePod(obj: KubeObject): void {
  const o = obj as JsonMap;
  o.spec ??= {};
  defaultPod(o.spec);
  const all: JsonMap[] = [o.spec.initContainers, o.spec.containers].flatMap((l) =>
    Array.isArray(l) ? l : [],
  );
  const guaranteed = all.every(guaranteedContainer);
  const resourced = all.some(
    (c) =>
      Object.keys(c.resources.requests ?? {}).length + Object.keys(c.resources.limits ?? {}).length,
  );
  const qosClass = guaranteed && all.length ? 'Guaranteed' : resourced ? 'Burstable' : 'BestEffort';
  o.status = { phase: 'Pending', qosClass };
}

/** A created namespace: phase Active and the `kubernetes.io/metadata.name` label. */
export function prepareNamespace(obj: KubeObject): void {
  const o = obj as JsonMap;
  o.status = { phase: 'Active' };
  o.metadata.labels = { ...o.metadata.labels, 'kubernetes.io/metadata.name': o.metadata.name };
}

/** The namespace registry's PrepareForCreate, after managedFields are recorded: nobody owns it. */
export function finalizeNamespace(obj: KubeObject): void {
  (obj as JsonMap).spec = { finalizers: ['kubernetes'] };
}

/** A created object's status: the counters of its Go status struct that are not omitempty. */
export function zeroStatus(...counters: string[]): (obj: KubeObject) => void {
  return (obj) => {
    (obj as JsonMap).status = Object.fromEntries(counters.map((c) => [c, 0]));
  };
}

/** A created node: the status structs Go serializes even when they are empty. */
export function prepareNode(obj: KubeObject): void {
  const o = obj as JsonMap;
  o.status ??= {};
  o.status.daemonEndpoints ??= { kubeletEndpoint: { Port: 0 } };
  o.status.nodeInfo ??= Object.fromEntries(
    [
      'machineID',
      'systemUUID',
      'bootID',
      'kernelVersion',
      'osImage',
      'containerRuntimeVersion',
      'kubeletVersion',
      'kubeProxyVersion',
      'operatingSystem',
      'architecture',
    ].map((k) => [k, '']),
  );
}

/** The TaintNodesByCondition admission plugin: new nodes are not-ready until a controller says so. */
export function admitNode(obj: KubeObject): void {
  const o = obj as JsonMap;
  o.spec ??= {};
  const taints: JsonMap[] = Array.isArray(o.spec.taints) ? o.spec.taints : [];
  if (!taints.some((t) => t.key === 'node.kubernetes.io/not-ready' && t.effect === 'NoSchedule'))
    taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
  o.spec.taints = taints;
}
