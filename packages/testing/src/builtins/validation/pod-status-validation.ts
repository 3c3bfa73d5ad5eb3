import { isIP } from 'node:net';
import type { FieldError } from '@kubekit/apimachinery';
import { forbidden, indexPath, invalid } from '../../semantics/schema/field-error';
import { isDNS1123Subdomain } from '../../semantics/schema/name-validation';
import { type JsonMap, jsonMapsOf, stringOf } from '../../semantics/json';

/**
 * Pod status writes as kube-apiserver 1.34 decodes and validates them (ValidatePodStatusUpdate):
 * container statuses carry their Go zero values, podIP follows podIPs (the internal type has
 * only the list); nominatedNodeName must be a node name, observedGeneration
 * not negative, qosClass never changes, pod and host IPs valid (one per family), and containers
 * of pods that do not always restart stay terminated. Conditions, init and ephemeral container
 * transitions and resource claim statuses are not checked.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go
 */

const statusLists = ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses'];

/** podIP and podIPs as the v1 conversion leaves them: podIP is the list's first. */
function pairIPs(status: JsonMap, one: string, many: string): void {
  if (!jsonMapsOf(status[many]).length && stringOf(status[one]))
    status[many] = [{ ip: status[one] }];
  const first = stringOf(jsonMapsOf(status[many])[0]?.ip);
  if (first) status[one] = first;
  else delete status[one];
}

/** What decoding adds to a pod status (see the module notes). */
export function normalizePodStatus(status: JsonMap): void {
  for (const key of statusLists) {
    for (const s of jsonMapsOf(status[key])) {
      s.state ??= {};
      s.lastState ??= {};
      s.ready ??= false;
      s.restartCount ??= 0;
      s.image ??= '';
      s.imageID ??= '';
    }
  }
  pairIPs(status, 'podIP', 'podIPs');
}

function validateIPs(ips: JsonMap[], old: JsonMap[], path: string): FieldError[] {
  const known = new Set(old.map((i) => stringOf(i.ip)));
  const errs: FieldError[] = [];
  ips.forEach((i, n) => {
    const ip = stringOf(i.ip);
    if (!known.has(ip) && !isIP(ip))
      errs.push(
        invalid(
          indexPath(path, n),
          ip,
          'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        ),
      );
  });
  const families = new Set(ips.map((i) => isIP(stringOf(i.ip))));
  if (ips.length > 2 || (ips.length === 2 && families.size !== 2))
    errs.push(invalid(path, ips, 'may specify no more than one IP for each IP family'));
  return errs;
}

/** Containers that terminated may not run again unless the pod restarts them. */
function stateTransitions(status: JsonMap, old: JsonMap, policy: string): FieldError[] {
  if (policy === 'Always') return [];
  const next = jsonMapsOf(status.containerStatuses);
  const errs: FieldError[] = [];
  jsonMapsOf(old.containerStatuses).forEach((o, i) => {
    const terminated = o.state?.terminated;
    if (!terminated) return;
    if (terminated.exitCode && policy === 'OnFailure') return;
    for (const n of next) {
      if (n.name === o.name && !n.state?.terminated)
        errs.push(
          forbidden(
            `status.containerStatuses[${i}].state`,
            'may not be transitioned to non-terminated state',
          ),
        );
    }
  });
  return errs;
}

/** ValidatePodStatusUpdate, for a write of the status subresource. */
export function validatePodStatusUpdate(pod: JsonMap, old: JsonMap): FieldError[] {
  const status: JsonMap = pod.status ?? {};
  const was: JsonMap = old.status ?? {};
  const errs: FieldError[] = [];
  const nominated = stringOf(status.nominatedNodeName);
  if (nominated && nominated !== stringOf(was.nominatedNodeName))
    for (const msg of isDNS1123Subdomain(nominated))
      errs.push(invalid('status.nominatedNodeName', nominated, msg));
  if (typeof status.observedGeneration === 'number' && status.observedGeneration < 0)
    errs.push(
      invalid(
        'status.observedGeneration',
        status.observedGeneration,
        'must be a non-negative integer',
      ),
    );
  if (stringOf(status.qosClass) !== stringOf(was.qosClass))
    errs.push(invalid('status.qosClass', stringOf(status.qosClass), 'field is immutable'));
  errs.push(
    ...stateTransitions(status, was, stringOf(old.spec?.restartPolicy)),
    ...validateIPs(jsonMapsOf(status.podIPs), jsonMapsOf(was.podIPs), 'status.podIPs'),
    ...validateIPs(jsonMapsOf(status.hostIPs), jsonMapsOf(was.hostIPs), 'status.hostIPs'),
  );
  return errs;
}
