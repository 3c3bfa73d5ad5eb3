import type { TestClient } from '../http-client';
import type { KubeletPod } from './kubelet-pod';

/**
 * Why a pod's persistentVolumeClaim volumes cannot be mounted yet, as the kubelet's volume
 * manager words it (`error processing PVC ns/claim: failed to fetch PVC from API server:
 * persistentvolumeclaims "claim" not found`), or undefined when every claim exists.
 *
 * A claim that exists counts as usable: neither the embedded server nor a bare kube-apiserver
 * runs a PersistentVolume controller, so claims are never Bound there (a real kubelet also
 * waits for Bound).
 */
export async function unmountableClaims(
  client: TestClient,
  pod: KubeletPod,
): Promise<string | undefined> {
  const { namespace } = pod.metadata;
  const volumes: string[] = [];
  const errors: string[] = [];
  for (const v of pod.spec.volumes ?? []) {
    const claim = v.persistentVolumeClaim?.claimName;
    if (!claim) continue;
    const res = await client.get(
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/persistentvolumeclaims/${encodeURIComponent(claim)}`,
    );
    if (res.status === 200) continue;
    volumes.push(v.name);
    const why = res.body?.message ?? `HTTP ${res.status}`;
    errors.push(
      `error processing PVC ${namespace}/${claim}: failed to fetch PVC from API server: ${why}`,
    );
  }
  if (!volumes.length) return undefined;
  return `Unable to attach or mount volumes: unmounted volumes=[${volumes.join(' ')}]: ${errors.join('; ')}`;
}

/** The kubelet's `FailedMount` Warning event on `pod`, from node `host`. */
export function failedMountEvent(pod: KubeletPod, host: string, message: string) {
  const { namespace, name, uid } = pod.metadata;
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { generateName: `${name}.`, namespace },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace, name, uid },
    reason: 'FailedMount',
    message,
    type: 'Warning',
    source: { component: 'kubelet', host },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  };
}
