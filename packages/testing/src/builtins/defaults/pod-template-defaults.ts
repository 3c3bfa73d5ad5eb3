import { defaultPodSpecInDepth } from './pod-defaults';
import type { JsonMap } from '../../semantics/json';

/**
 * The v1 defaults of every pod spec, a pod's or a pod template's (SetDefaults_PodSpec and
 * SetDefaults_Container): restart and DNS policies, scheduler, grace period, the security
 * context and container resources (Go structs, so `{}` when unset), termination message path
 * and policy, image pull policy, port protocols, and the nested defaults of pod-defaults.ts.
 * What only pods get (enableServiceLinks, requests copied from limits, the QoS class and the
 * admission plugins) stays with the pod's create strategy.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/v1/defaults.go
 */

const list = (v: unknown): JsonMap[] => (Array.isArray(v) ? (v as JsonMap[]) : []);
const isObj = (v: unknown): v is JsonMap =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function defaultContainer(c: JsonMap): void {
  c.resources ??= {};
  for (const port of list(c.ports)) port.protocol ??= 'TCP';
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  const image = String(c.image ?? '');
  c.imagePullPolicy ??=
    image.endsWith(':latest') || !image.includes(':') ? 'Always' : 'IfNotPresent';
}

/** Applies the v1 pod spec and container defaults to `spec` in place. */
export function defaultPodSpec(spec: JsonMap): void {
  spec.restartPolicy ||= 'Always';
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.schedulerName ||= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  for (const c of [...list(spec.initContainers), ...list(spec.containers)]) defaultContainer(c);
  defaultPodSpecInDepth(spec);
}

/**
 * A PodTemplateSpec as decoding leaves it (the template of a workload is a Go struct, so it
 * and its metadata exist even when the client left them out); returns the template.
 */
export function defaultPodTemplate(holder: JsonMap, key = 'template'): JsonMap {
  if (!isObj(holder[key])) holder[key] = {};
  const template: JsonMap = holder[key];
  if (!isObj(template.metadata)) template.metadata = {};
  if (!isObj(template.spec)) template.spec = {};
  defaultPodSpec(template.spec);
  return template;
}
