import type { KubeObject } from '@kubekit/apimachinery';
import type { Obj } from '../../storage/store';

/**
 * What kube-apiserver adds to a Service: the v1 defaults (on every write, so the writer owns
 * them in managedFields) and, on create, what the service registry allocates afterwards and
 * nobody owns: a cluster IP from the service CIDR (10.96.0.0/16, as in the real tier), the IP
 * family fields of a single-stack IPv4 cluster, and node ports (30000-32767). Updates keep the
 * allocated values the client leaves out.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/v1/defaults.go
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/core/service/storage/storage.go
 */

/** The ClientIP session affinity timeout kube defaults (3 hours). */
const defaultClientIPTimeoutSeconds = 10800;

function portsOf(spec: Obj): Obj[] {
  return Array.isArray(spec.ports) ? spec.ports : [];
}

/** LoadBalancer, NodePort, or ClusterIP with external IPs. */
function externallyAccessible(spec: Obj): boolean {
  return (
    spec.type === 'LoadBalancer' ||
    spec.type === 'NodePort' ||
    (spec.type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0)
  );
}

/** SetDefaults_Service: affinity, type, port protocol and target port, traffic policies. */
export function defaultServiceSpec(svc: Obj): void {
  const spec: Obj = (svc.spec ??= {});
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (
    spec.sessionAffinity === 'ClientIP' &&
    spec.sessionAffinityConfig?.clientIP?.timeoutSeconds == null
  )
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: defaultClientIPTimeoutSeconds } };
  spec.type ||= 'ClusterIP';
  for (const port of portsOf(spec)) {
    port.protocol ||= 'TCP';
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '')
      port.targetPort = port.port;
  }
  if (externallyAccessible(spec)) spec.externalTrafficPolicy ||= 'Cluster';
  if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type))
    spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

/** A created Service: its defaults, and the empty load balancer status Go always writes. */
export function prepareService(obj: KubeObject): void {
  const svc = obj as Obj;
  defaultServiceSpec(svc);
  svc.status = { loadBalancer: {} };
}

const randomInt = (min: number, max: number): number =>
  min + Math.floor(Math.random() * (max - min + 1));

/** A random address of 10.96.0.0/16, never the network, broadcast or `kubernetes` (.0.1). */
function randomClusterIP(): string {
  const n = randomInt(2, 65534);
  return `10.96.${n >> 8}.${n & 255}`;
}

function needsNodePorts(spec: Obj): boolean {
  return (
    spec.type === 'NodePort' ||
    (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false)
  );
}

/**
 * The allocation step of service creation (after managedFields are recorded, so unowned):
 * cluster IP(s), IP families and policy, node ports. Headless services get their families
 * only (a headless service without selector is dual-stack, as kube-apiserver answers even in
 * an IPv4 cluster); ExternalName services get nothing.
 */
export function allocateService(obj: KubeObject): void {
  const spec: Obj = ((obj as Obj).spec ??= {});
  if (spec.type === 'ExternalName') return;
  spec.clusterIP ||= randomClusterIP();
  spec.clusterIPs ??= [spec.clusterIP];
  const selectorless = spec.clusterIP === 'None' && !Object.keys(spec.selector ?? {}).length;
  spec.ipFamilyPolicy ??= selectorless ? 'RequireDualStack' : 'SingleStack';
  spec.ipFamilies ??= spec.ipFamilyPolicy === 'SingleStack' ? ['IPv4'] : ['IPv4', 'IPv6'];
  if (!needsNodePorts(spec)) return;
  const used = new Set(portsOf(spec).map((p) => p.nodePort));
  for (const port of portsOf(spec)) {
    if (port.nodePort) continue;
    let candidate = randomInt(30000, 32767);
    while (used.has(candidate)) candidate = randomInt(30000, 32767);
    port.nodePort = candidate;
    used.add(candidate);
  }
}

/**
 * An updated Service: defaulted, and what was allocated kept when the client leaves it out
 * (cluster IPs, IP families, node ports of the same port), as the service registry does.
 */
export function normalizeServiceUpdate(svc: Obj, old: Obj | undefined): void {
  defaultServiceSpec(svc);
  if (!old) return;
  const spec: Obj = svc.spec;
  const was: Obj = old.spec ?? {};
  if (spec.type === 'ExternalName' || was.type === 'ExternalName') return;
  if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
  if (!spec.clusterIP && was.clusterIP) {
    spec.clusterIP = was.clusterIP;
    if (!spec.clusterIPs?.length) spec.clusterIPs = was.clusterIPs;
  }
  spec.ipFamilies ??= was.ipFamilies;
  spec.ipFamilyPolicy ??= was.ipFamilyPolicy;
  if (!needsNodePorts(spec) || !needsNodePorts(was)) return;
  for (const port of portsOf(spec)) {
    const same = portsOf(was).find(
      (p) => p.port === port.port && (p.protocol ?? 'TCP') === port.protocol,
    );
    if (!port.nodePort && same?.nodePort) port.nodePort = same.nodePort;
  }
}
