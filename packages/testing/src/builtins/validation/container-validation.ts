import type { FieldError } from '@kubekit/apimachinery';
import {
  childPath,
  duplicate,
  forbidden,
  formatBadValue,
  indexPath,
  invalid,
  notSupported,
  required,
} from '../../semantics/schema/field-error';
import {
  isDNS1123Label,
  isValidPortName,
  isValidPortNum,
} from '../../semantics/schema/name-validation';
import { compareQuantities, formatQuantity, parseQuantity, type Quantity } from './quantity';
import { type JsonMap, jsonMapsOf, stringOf } from '../../semantics/json';

/**
 * The container checks of kube-apiserver's pod validation (validateContainers,
 * validateInitContainers, validateContainerCommon and what they call), with kube's field paths,
 * messages and order: names (DNS-1123 labels, unique across containers and init containers),
 * image, termination message and pull policies, ports (IANA service names, port ranges,
 * protocols, host port conflicts), environment variable names and valueFrom sources, volume
 * mounts, resources (requests against limits), probe numbers, the restartPolicy of init
 * containers and what those without restartPolicy Always may not have. Not checked:
 * resource names, probe handlers, lifecycle hooks, security contexts, envFrom, volume devices.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go
 */

/** `Not found: <value>` (FieldValueNotFound). */
function notFound(field: string, value: unknown): FieldError {
  return { type: 'FieldValueNotFound', field, detail: `Not found: ${formatBadValue(value)}` };
}

/** `required` when empty, `Unsupported value` when not one of `supported`. */
function oneOf(field: string, value: unknown, supported: string[]): FieldError[] {
  if (value === undefined || value === null || value === '') return [required(field)];
  return supported.includes(value as string) ? [] : [notSupported(field, value, supported)];
}

function validatePorts(ports: JsonMap[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const at = indexPath(path, i);
    const name = stringOf(port.name);
    if (name) {
      const problems = isValidPortName(name);
      for (const msg of problems) errs.push(invalid(childPath(at, 'name'), name, msg));
      if (problems.length) {
        // an invalid name is neither a duplicate nor remembered
      } else if (names.has(name)) errs.push(duplicate(childPath(at, 'name'), name));
      else names.add(name);
    }
    if (!port.containerPort) errs.push(required(childPath(at, 'containerPort')));
    else
      for (const msg of isValidPortNum(port.containerPort))
        errs.push(invalid(childPath(at, 'containerPort'), port.containerPort, msg));
    if (port.hostPort)
      for (const msg of isValidPortNum(port.hostPort))
        errs.push(invalid(childPath(at, 'hostPort'), port.hostPort, msg));
    errs.push(...oneOf(childPath(at, 'protocol'), port.protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return errs;
}

/** Environment variable names (the relaxed rule of 1.34: printable ASCII but `=`). */
function validateEnv(env: JsonMap[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  env.forEach((e, i) => {
    const at = childPath(indexPath(path, i), 'name');
    const name = stringOf(e.name);
    if (!name) errs.push(required(at));
    else if (!/^[\x20-\x3c\x3e-\x7e]*$/.test(name))
      errs.push(
        invalid(
          at,
          name,
          "a valid environment variable name must consist only of printable ASCII characters other than '='",
        ),
      );
    errs.push(...validateValueFrom(e, childPath(indexPath(path, i), 'valueFrom')));
  });
  return errs;
}

const envSources = [
  'fieldRef',
  'resourceFieldRef',
  'configMapKeyRef',
  'secretKeyRef',
  'fileKeyRef',
];

/** How many sources a valueFrom names (their own fields are not checked). */
function validateValueFrom(e: JsonMap, path: string): FieldError[] {
  const from = e.valueFrom;
  if (from === undefined || from === null) return [];
  const sources = envSources.filter((k) => from[k] !== undefined && from[k] !== null).length;
  if (!sources)
    return [
      invalid(
        path,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    ];
  if (stringOf(e.value))
    return [invalid(path, '', 'may not be specified when `value` is not empty')];
  if (sources > 1)
    return [invalid(path, '', 'may not have more than one field specified at a time')];
  return [];
}

function validateMounts(mounts: JsonMap[], volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  mounts.forEach((m, i) => {
    const at = indexPath(path, i);
    const name = stringOf(m.name);
    const mountPath = stringOf(m.mountPath);
    if (!name) errs.push(required(childPath(at, 'name')));
    if (!volumes.has(name)) errs.push(notFound(childPath(at, 'name'), name));
    if (!mountPath) errs.push(required(childPath(at, 'mountPath')));
    if (paths.has(mountPath))
      errs.push(invalid(childPath(at, 'mountPath'), mountPath, 'must be unique'));
    paths.add(mountPath);
  });
  return errs;
}

/** validateContainerCommon: what every kind of container must satisfy. */
function validateContainerCommon(c: JsonMap, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = stringOf(c.name);
  if (!name) errs.push(required(childPath(path, 'name')));
  else
    for (const msg of isDNS1123Label(name)) errs.push(invalid(childPath(path, 'name'), name, msg));
  if (!stringOf(c.image)) errs.push(required(childPath(path, 'image')));
  errs.push(
    ...oneOf(childPath(path, 'terminationMessagePolicy'), c.terminationMessagePolicy, [
      'File',
      'FallbackToLogsOnError',
    ]),
    ...validatePorts(jsonMapsOf(c.ports), childPath(path, 'ports')),
    ...validateEnv(jsonMapsOf(c.env), childPath(path, 'env')),
    ...validateMounts(jsonMapsOf(c.volumeMounts), volumes, childPath(path, 'volumeMounts')),
    ...oneOf(childPath(path, 'imagePullPolicy'), c.imagePullPolicy, [
      'Always',
      'IfNotPresent',
      'Never',
    ]),
    ...validateResources(c.resources, childPath(path, 'resources')),
  );
  return errs;
}

/** Native resources but huge pages may be requested below their limit; others must match it. */
const overcommitAllowed = (name: string): boolean =>
  (!name.includes('/') || name.startsWith('kubernetes.io/')) && !name.startsWith('hugepages-');

/**
 * Requests and limits: quantities not negative, requests at most their limit (equal to it for
 * resources that cannot be overcommitted, which need a limit). Resource names and huge pages
 * are not checked.
 */
function validateResources(resources: unknown, path: string): FieldError[] {
  const r: JsonMap = resources && typeof resources === 'object' ? resources : {};
  const limits: JsonMap = r.limits ?? {};
  const requests: JsonMap = r.requests ?? {};
  const errs: FieldError[] = [];
  const nonNegative = (at: string, q: Quantity | undefined) => {
    if (q && q.num < 0n)
      errs.push(invalid(at, formatQuantity(q), 'must be greater than or equal to 0'));
  };
  for (const [name, v] of Object.entries(limits))
    nonNegative(`${childPath(path, 'limits')}[${name}]`, parseQuantity(v));
  for (const [name, v] of Object.entries(requests)) {
    const q = parseQuantity(v);
    nonNegative(`${childPath(path, 'requests')}[${name}]`, q);
    const limit = parseQuantity(limits[name]);
    const reqPath = childPath(path, 'requests');
    if (q && limit) {
      const cmp = compareQuantities(q, limit);
      const limitText = `${name} limit of ${formatQuantity(limit)}`;
      if (cmp !== 0 && !overcommitAllowed(name))
        errs.push(invalid(reqPath, formatQuantity(q), `must be equal to ${limitText}`));
      else if (cmp > 0)
        errs.push(
          invalid(reqPath, formatQuantity(q), `must be less than or equal to ${limitText}`),
        );
    } else if (!limit && !overcommitAllowed(name)) {
      errs.push(
        required(childPath(path, 'limits'), 'Limit must be set for non overcommitable resources'),
      );
    }
  }
  return errs;
}

/** The regular containers of a pod spec (`spec.containers`). */
export function validateContainers(
  containers: unknown,
  volumes: Set<string>,
  path: string,
): FieldError[] {
  const all = jsonMapsOf(containers);
  if (!all.length) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  all.forEach((c, i) => {
    const at = indexPath(path, i);
    errs.push(...validateContainerCommon(c, volumes, at));
    if (names.has(stringOf(c.name))) errs.push(duplicate(childPath(at, 'name'), stringOf(c.name)));
    names.add(stringOf(c.name));
    errs.push(...validateProbes(c, at));
    if (c.restartPolicy !== undefined && c.restartPolicy !== null)
      errs.push(
        forbidden(childPath(at, 'restartPolicy'), 'may not be set for non-init containers'),
      );
  });
  errs.push(...hostPortConflicts(all, path));
  return errs;
}

const probeFields = [
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
];

/** The numbers of a container's probes (their handlers are not checked). */
function validateProbes(c: JsonMap, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = c[kind];
    if (probe === undefined || probe === null) continue;
    const at = childPath(path, kind);
    for (const f of probeFields)
      if (typeof probe[f] === 'number' && probe[f] < 0)
        errs.push(invalid(childPath(at, f), probe[f], 'must be greater than or equal to 0'));
    const grace = probe.terminationGracePeriodSeconds;
    if (typeof grace === 'number' && grace <= 0)
      errs.push(
        invalid(childPath(at, 'terminationGracePeriodSeconds'), grace, 'must be greater than 0'),
      );
  }
  return errs;
}

/** Host ports used twice (same protocol and host IP) among `containers`. */
function hostPortConflicts(containers: JsonMap[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const used = new Set<string>();
  containers.forEach((c, ci) => {
    jsonMapsOf(c.ports).forEach((p, pi) => {
      if (!p.hostPort) return;
      const key = `${stringOf(p.protocol)}/${stringOf(p.hostIP)}/${p.hostPort}`;
      const at = childPath(indexPath(childPath(indexPath(path, ci), 'ports'), pi), 'hostPort');
      if (used.has(key)) errs.push(duplicate(at, key));
      used.add(key);
    });
  });
  return errs;
}

const initOnly = 'may not be set for init containers without restartPolicy=Always';

/** The init containers (`spec.initContainers`): names must not repeat regular ones either. */
export function validateInitContainers(
  containers: unknown,
  regular: unknown,
  volumes: Set<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(jsonMapsOf(regular).map((c) => stringOf(c.name)));
  jsonMapsOf(containers).forEach((c, i) => {
    const at = indexPath(path, i);
    errs.push(...validateContainerCommon(c, volumes, at));
    const policy = c.restartPolicy;
    if (policy !== undefined && policy !== null && policy !== 'Always')
      errs.push(notSupported(childPath(at, 'restartPolicy'), policy, ['Always']));
    const name = stringOf(c.name);
    if (names.has(name)) errs.push(duplicate(childPath(at, 'name'), name));
    else if (name) names.add(name);
    // init containers run one by one: conflicts within one, reported at index 0 as kube does
    errs.push(...hostPortConflicts([c], path));
    if (policy === 'Always') errs.push(...validateProbes(c, at));
    else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'])
        if (c[f] !== undefined && c[f] !== null) errs.push(forbidden(childPath(at, f), initOnly));
    }
  });
  return errs;
}

/** validateContainersOnlyForPod: images of pods (not templates) may not be padded. */
export function validateImagesOnlyForPod(containers: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  jsonMapsOf(containers).forEach((c, i) => {
    const image = stringOf(c.image);
    if (image.trim().length !== image.length) {
      errs.push(
        invalid(
          childPath(indexPath(path, i), 'image'),
          image,
          'must not have leading or trailing whitespace',
        ),
      );
    }
  });
  return errs;
}
