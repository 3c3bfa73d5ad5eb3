import { defaultPodSpecInDepth } from './pod-defaults';
import { isJsonMap, type JsonMap, jsonMapsOf } from '../../semantics/json';

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

function defaultContainer(c: JsonMap): void {
  c.resources ??= {};
  for (const port of jsonMapsOf(c.ports)) port.protocol ??= 'TCP';
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
  for (const c of [...jsonMapsOf(spec.initContainers), ...jsonMapsOf(spec.containers)])
    defaultContainer(c);
  defaultPodSpecInDepth(spec);
}

/**
 * A PodTemplateSpec as decoding leaves it (the template of a workload is a Go struct, so it
 * and its metadata exist even when the client left them out); returns the template.
 */
export function defaultPodTemplate(holder: JsonMap, key = 'template'): JsonMap {
  if (!isJsonMap(holder[key])) holder[key] = {};
  const template: JsonMap = holder[key];
  if (!isJsonMap(template.metadata)) template.metadata = {};
  if (!isJsonMap(template.spec)) template.spec = {};
  defaultPodSpec(template.spec);
  return template;
}
