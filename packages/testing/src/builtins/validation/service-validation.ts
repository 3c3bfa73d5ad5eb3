import type { FieldError } from '@kubekit/apimachinery';
import {
  duplicate,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../../semantics/schema/field-error';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
} from '../../semantics/schema/name-validation';
import { validateLabels } from '../../semantics/object-meta';
import type { Obj } from '../../storage/store';

/**
 * Service spec validation of kube-apiserver (ports, target ports, type, session affinity,
 * traffic policies, ExternalName), with kube's messages. Fields kube defaults are checked as
 * their defaults would leave them (a missing targetPort is the port, a missing protocol TCP),
 * so the checks do not depend on when defaulting ran. Cluster IP allocation and the IP family
 * rules are not modelled.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go
 */

const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const protocols = ['SCTP', 'TCP', 'UDP'];
const trafficPolicies = ['Cluster', 'Local'];

/** ValidatePortNumOrName: a number is a port, a string a port name. */
export function portNumOrNameErrors(path: string, value: unknown): FieldError[] {
  const msgs = typeof value === 'string' ? isValidPortName(value) : isValidPortNum(value);
  return msgs.map((m) => invalid(path, value, m));
}

function isHeadless(spec: Obj): boolean {
  return spec.clusterIP === 'None';
}

function validatePort(
  port: Obj,
  path: string,
  requireName: boolean,
  names: Set<string>,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = typeof port.name === 'string' ? port.name : '';
  if (requireName && !name) errs.push(required(`${path}.name`));
  else if (name) {
    for (const m of isDNS1123Label(name)) errs.push(invalid(`${path}.name`, name, m));
    if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
    else names.add(name);
  }
  for (const m of isValidPortNum(port.port)) errs.push(invalid(`${path}.port`, port.port, m));
  if (port.protocol !== undefined && !protocols.includes(port.protocol))
    errs.push(notSupported(`${path}.protocol`, port.protocol, protocols));
  const target: unknown =
    port.targetPort === undefined || port.targetPort === '' || port.targetPort === 0
      ? port.port
      : port.targetPort;
  errs.push(...portNumOrNameErrors(`${path}.targetPort`, target));
  if (typeof port.appProtocol === 'string') {
    for (const m of isQualifiedName(port.appProtocol))
      errs.push(invalid(`${path}.appProtocol`, port.appProtocol, m));
  }
  return errs;
}

function typeErrors(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const firstIP = Array.isArray(spec.clusterIPs) ? spec.clusterIPs[0] : spec.clusterIP;
  if ((spec.type === 'LoadBalancer' || spec.type === 'NodePort') && isHeadless(spec)) {
    errs.push(
      invalid('spec.clusterIPs[0]', firstIP, `may not be set to 'None' for ${spec.type} services`),
    );
  }
  if (spec.type === 'ExternalName') {
    const notHere = 'may not be set for ExternalName services';
    if (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length)
      errs.push(forbidden('spec.clusterIPs', notHere));
    if (Array.isArray(spec.ipFamilies) && spec.ipFamilies.length)
      errs.push(forbidden('spec.ipFamilies', notHere));
    if (spec.ipFamilyPolicy != null) errs.push(forbidden('spec.ipFamilyPolicy', notHere));
    const cname = String(spec.externalName ?? '').replace(/\.$/, '');
    if (!cname) errs.push(required('spec.externalName'));
    for (const m of cname ? isDNS1123Subdomain(cname) : [])
      errs.push(invalid('spec.externalName', cname, m));
  }
  return errs;
}

function duplicatePortErrors(spec: Obj, ports: Obj[]): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (p.nodePort)
        errs.push(
          forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"),
        );
    });
  }
  const nodePorts = new Set<string>();
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const protocol = p.protocol ?? 'TCP';
    if (p.nodePort) {
      const key = `${protocol}/${p.nodePort}`;
      if (nodePorts.has(key)) errs.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
      nodePorts.add(key);
    }
    const key = `${protocol}/${p.port}`;
    if (seen.has(key)) {
      // the duplicate is reported as the internal ServicePort holding protocol and port
      const value = {
        Name: '',
        Protocol: protocol,
        AppProtocol: null,
        Port: p.port,
        TargetPort: 0,
        NodePort: 0,
      };
      errs.push(duplicate(`spec.ports[${i}]`, value));
    }
    seen.add(key);
  });
  return errs;
}

function trafficPolicyErrors(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const external =
    spec.type === 'LoadBalancer' ||
    spec.type === 'NodePort' ||
    (spec.type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
  const etp: unknown = spec.externalTrafficPolicy;
  if (!external && etp) {
    errs.push(
      invalid(
        'spec.externalTrafficPolicy',
        etp,
        'may only be set for externally-accessible services',
      ),
    );
  } else if (external && etp && !trafficPolicies.includes(String(etp))) {
    errs.push(notSupported('spec.externalTrafficPolicy', etp, trafficPolicies));
  }
  const itp: unknown = spec.internalTrafficPolicy;
  if (itp != null && !trafficPolicies.includes(String(itp)))
    errs.push(notSupported('spec.internalTrafficPolicy', itp, trafficPolicies));
  return errs;
}

/**
 * validateUpgradeDowngradeClusterIPs of single-stack services: an allocated cluster IP never
 * changes and is never unset (ExternalName and headless-to-headless updates aside).
 */
function clusterIPUpdateErrors(spec: Obj, was: Obj): FieldError[] {
  if (spec.type === 'ExternalName' || was.type === 'ExternalName') return [];
  if (isHeadless(spec) && isHeadless(was)) return [];
  const ips: string[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  const old: string[] = Array.isArray(was.clusterIPs) ? was.clusterIPs : [];
  if (old.length > 0 && ips.length === 0)
    return [invalid('spec.clusterIPs[0]', ips, 'primary clusterIP can not be unset')];
  const changed = old.length === ips.length ? old.findIndex((ip, i) => ip !== ips[i]) : 0;
  if (old.length && ips.length && changed >= 0 && ips[changed] !== old[changed])
    return [invalid(`spec.clusterIPs[${changed}]`, ips, 'may not change once set')];
  return [];
}

/**
 * clusterIP and clusterIPs in sync (a missing clusterIPs is filled from clusterIP before
 * validation, as kube's strategy does).
 */
function clusterIPsErrors(spec: Obj): FieldError[] {
  const ips: unknown = spec.clusterIPs;
  if (spec.type === 'ExternalName' || !Array.isArray(ips) || !ips.length) return [];
  if (!spec.clusterIP)
    return [invalid('spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified')];
  if (spec.clusterIP !== ips[0])
    return [invalid('spec.clusterIPs', ips, 'first value must match `clusterIP`')];
  return [];
}

/** The spec checks of ValidateServiceCreate / ValidateServiceUpdate (`old`), in kube's order. */
export function validateService(svc: Obj, old?: Obj): FieldError[] {
  const spec: Obj = svc.spec ?? {};
  const ports: Obj[] = Array.isArray(spec.ports) ? spec.ports : [];
  const synced = clusterIPsErrors(spec).length === 0;
  const errs: FieldError[] = old && synced ? clusterIPUpdateErrors(spec, old.spec ?? {}) : [];
  if (!ports.length && !isHeadless(spec) && spec.type !== 'ExternalName')
    errs.push(required('spec.ports'));
  errs.push(...typeErrors(spec));
  const names = new Set<string>();
  ports.forEach((p, i) =>
    errs.push(...validatePort(p, `spec.ports[${i}]`, ports.length > 1, names)),
  );
  if (spec.selector && typeof spec.selector === 'object')
    errs.push(...validateLabels(spec.selector, 'spec.selector'));
  const affinity: unknown = spec.sessionAffinity;
  if (affinity !== undefined && affinity !== 'ClientIP' && affinity !== 'None')
    errs.push(notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']));
  errs.push(...clusterIPsErrors(spec));
  if (spec.type !== undefined && !serviceTypes.includes(spec.type))
    errs.push(notSupported('spec.type', spec.type, serviceTypes));
  errs.push(...duplicatePortErrors(spec, ports));
  if (spec.allocateLoadBalancerNodePorts != null && spec.type !== 'LoadBalancer') {
    errs.push(
      forbidden(
        'spec.allocateLoadBalancerNodePorts',
        "may only be used when `type` is 'LoadBalancer'",
      ),
    );
  }
  errs.push(...trafficPolicyErrors(spec));
  return errs;
}
