import { isJsonMap, type JsonMap, jsonMapsOf } from '../../semantics/json';
/**
 * The v1 defaults kube-apiserver applies inside a pod spec whenever it decodes one (create and
 * update), below the pod-level and container-level ones of the pod's create strategy: volumes
 * without a source become emptyDir, volume default modes (0644), hostPath type, projected
 * service account token expiry, downward-API field selectors' apiVersion, env
 * resourceFieldRef divisors, probe timings and thresholds, HTTP actions' path and scheme, host
 * ports of host-network pods, and the deprecated `serviceAccount` alias kept equal to
 * `serviceAccountName` (both directions of the v1 conversion).
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/v1/defaults.go
 */

/** Default file mode of secret, configMap, downwardAPI and projected volumes (0644). */
const defaultMode = 420;

function defaultFieldRef(ref: unknown): void {
  if (isJsonMap(ref)) ref.apiVersion ||= 'v1';
}

function defaultDownwardItems(items: unknown): void {
  for (const item of jsonMapsOf(items)) defaultFieldRef(item.fieldRef);
}

function defaultVolume(v: JsonMap): void {
  const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== null && v[k] !== undefined);
  if (!sources.length) v.emptyDir = {};
  for (const key of ['secret', 'configMap', 'downwardAPI', 'projected'])
    if (isJsonMap(v[key])) v[key].defaultMode ??= defaultMode;
  if (isJsonMap(v.hostPath)) v.hostPath.type ??= '';
  if (isJsonMap(v.downwardAPI)) defaultDownwardItems(v.downwardAPI.items);
  for (const source of jsonMapsOf(v.projected?.sources)) {
    if (isJsonMap(source.serviceAccountToken))
      source.serviceAccountToken.expirationSeconds ??= 3600;
    if (isJsonMap(source.downwardAPI)) defaultDownwardItems(source.downwardAPI.items);
  }
}

function defaultHttpGet(action: unknown): void {
  if (!isJsonMap(action)) return;
  action.path ||= '/';
  action.scheme ||= 'HTTP';
}

function defaultProbe(probe: unknown): void {
  if (!isJsonMap(probe)) return;
  probe.timeoutSeconds ||= 1;
  probe.periodSeconds ||= 10;
  probe.successThreshold ||= 1;
  probe.failureThreshold ||= 3;
  defaultHttpGet(probe.httpGet);
}

function defaultContainer(c: JsonMap, hostNetwork: boolean): void {
  for (const e of jsonMapsOf(c.env)) {
    defaultFieldRef(e.valueFrom?.fieldRef);
    const resourceRef = e.valueFrom?.resourceFieldRef;
    if (isJsonMap(resourceRef)) resourceRef.divisor ??= '0';
  }
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) defaultProbe(probe);
  for (const handler of [c.lifecycle?.postStart, c.lifecycle?.preStop])
    if (isJsonMap(handler)) defaultHttpGet(handler.httpGet);
  if (hostNetwork) for (const p of jsonMapsOf(c.ports)) p.hostPort ||= p.containerPort;
}

/** Applies the nested v1 defaults to a pod `spec` in place. */
export function defaultPodSpecInDepth(spec: JsonMap): void {
  for (const v of jsonMapsOf(spec.volumes)) defaultVolume(v);
  const hostNetwork = spec.hostNetwork === true;
  for (const c of [...jsonMapsOf(spec.initContainers), ...jsonMapsOf(spec.containers)])
    defaultContainer(c, hostNetwork);
  const account = spec.serviceAccountName || spec.serviceAccount;
  if (account) {
    spec.serviceAccountName = account;
    spec.serviceAccount = account;
  }
}
