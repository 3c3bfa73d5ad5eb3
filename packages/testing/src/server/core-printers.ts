import { eventsV1EventToCore } from '../builtins/event-conversion';
import type { Obj } from '../storage/store';
import {
  age,
  ageColumn,
  column,
  count,
  labelMap,
  list,
  nameColumn,
  nodeAddress,
  since,
  type Printer,
} from './printer-cells';

/**
 * The tables of the core kinds kubectl prints most (nodes, namespaces, services, endpoints,
 * config maps, secrets, service accounts, events, persistent volume claims): the columns and
 * cells kube-apiserver's printers produce.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/printers/internalversion/printers.go
 */

const name = (o: Obj): string => String(o.metadata?.name ?? '');

/** Ready / NotReady / Unknown, then SchedulingDisabled when cordoned. */
function nodeStatus(node: Obj): string {
  const ready = list(node.status?.conditions).findLast((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** node-role.kubernetes.io/<role> labels and the kubernetes.io/role label, sorted. */
function nodeRoles(node: Obj): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(
    (node.metadata?.labels ?? {}) as Record<string, string>,
  )) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (key === 'kubernetes.io/role' && value) roles.add(value);
  }
  return [...roles].sort().join(',') || '<none>';
}

const nodePrinter: Printer = {
  columns: [
    nameColumn,
    column('Status', 'The status of the node'),
    column('Roles', 'The roles of the node'),
    ageColumn,
    column('Version', 'Kubelet Version reported by the node.'),
    column('Internal-IP', 'List of addresses reachable to the node.', { wide: true }),
    column('External-IP', 'List of addresses reachable to the node.', { wide: true }),
    column('OS-Image', 'OS Image reported by the node from /etc/os-release.', { wide: true }),
    column('Kernel-Version', "Kernel Version reported by the node from 'uname -r'.", {
      wide: true,
    }),
    column('Container-Runtime', 'Container runtime version reported by the node.', { wide: true }),
  ],
  cells(node, now) {
    const info: Obj = node.status?.nodeInfo ?? {};
    const known = (v: unknown): string => String(v || '<unknown>');
    return [
      name(node),
      nodeStatus(node),
      nodeRoles(node),
      age(node, now),
      String(info.kubeletVersion ?? ''),
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      known(info.osImage),
      known(info.kernelVersion),
      known(info.containerRuntimeVersion),
    ];
  },
};

const namespacePrinter: Printer = {
  columns: [nameColumn, column('Status', 'The status of the namespace'), ageColumn],
  cells: (ns, now) => [name(ns), String(ns.status?.phase ?? ''), age(ns, now)],
};

/** makePortString: `80/TCP`, `80:30080/TCP` with a node port, comma-separated. */
function servicePorts(svc: Obj): string {
  const ports = list(svc.spec?.ports).map((p) =>
    p.nodePort
      ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}`
      : `${p.port}/${p.protocol ?? 'TCP'}`,
  );
  return ports.join(',') || '<none>';
}

/** getServiceExternalIP (wide): external IPs, load-balancer ingress, `<pending>`, or the external name. */
function serviceExternalIP(svc: Obj): string {
  const externalIPs = list(svc.spec?.externalIPs).map(String);
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
    case undefined:
      return externalIPs.join(',') || '<none>';
    case 'LoadBalancer': {
      const ingress = list(svc.status?.loadBalancer?.ingress)
        .map((i) => String(i.ip || i.hostname || ''))
        .filter(Boolean);
      const all = [...ingress, ...externalIPs];
      return all.join(',') || '<pending>';
    }
    case 'ExternalName':
      return String(svc.spec.externalName ?? '');
    default:
      return '<unknown>';
  }
}

const servicePrinter: Printer = {
  columns: [
    nameColumn,
    column('Type', 'type determines how the Service is exposed.'),
    column('Cluster-IP', 'clusterIP is the IP address of the service.'),
    column(
      'External-IP',
      'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
    ),
    column('Port(s)', 'The list of ports that are exposed by this service.'),
    ageColumn,
    column(
      'Selector',
      'Route service traffic to pods with label keys and values matching this selector.',
      { wide: true },
    ),
  ],
  cells: (svc, now) => [
    name(svc),
    String(svc.spec?.type ?? ''),
    String(list(svc.spec?.clusterIPs)[0] ?? '<none>'),
    serviceExternalIP(svc),
    servicePorts(svc),
    age(svc, now),
    labelMap(svc.spec?.selector),
  ],
};

/** formatEndpoints: up to three `ip:port` (or bare IPs without ports), then `+ N more...`. */
function endpointsText(ep: Obj): string {
  const subsets = list(ep.subsets);
  if (!subsets.length) return '<none>';
  const max = 3;
  const shown: string[] = [];
  let total = 0;
  const add = (text: string): void => {
    total++;
    if (shown.length < max) shown.push(text);
  };
  for (const subset of subsets) {
    const addresses = list(subset.addresses).map((a) => String(a.ip ?? ''));
    const ports = list(subset.ports);
    if (!ports.length) addresses.forEach(add);
    for (const port of ports)
      for (const ip of addresses)
        add(ip.includes(':') ? `[${ip}]:${port.port}` : `${ip}:${port.port}`);
  }
  const text = shown.join(',');
  return total > max ? `${text} + ${total - max} more...` : text;
}

const endpointsPrinter: Printer = {
  columns: [nameColumn, column('Endpoints', 'Endpoints of the service'), ageColumn],
  cells: (ep, now) => [name(ep), endpointsText(ep), age(ep, now)],
};

const configMapPrinter: Printer = {
  columns: [nameColumn, column('Data', 'Data contains the configuration data.'), ageColumn],
  cells: (cm, now) => [name(cm), count(cm.data) + count(cm.binaryData), age(cm, now)],
};

const secretPrinter: Printer = {
  columns: [
    nameColumn,
    column('Type', 'The type of the secret'),
    column('Data', 'The number of entries in the secret'),
    ageColumn,
  ],
  cells: (s, now) => [name(s), String(s.type ?? ''), count(s.data), age(s, now)],
};

const serviceAccountPrinter: Printer = {
  columns: [
    nameColumn,
    column(
      'Secrets',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
    ),
    ageColumn,
  ],
  cells: (sa, now) => [name(sa), list(sa.secrets).length, age(sa, now)],
};

/** formatEventSource: `component, host`, each falling back to the reporting controller / instance. */
function eventSource(ev: Obj): string {
  const component = String(ev.source?.component || ev.reportingComponent || '');
  const instance = String(ev.source?.host || ev.reportingInstance || '');
  if (!component) return '';
  return instance ? `${component}, ${instance}` : component;
}

function coreEventCells(ev: Obj, now: number): unknown[] {
  const first = ev.firstTimestamp ? since(ev.firstTimestamp, now) : since(ev.eventTime, now);
  let last = ev.lastTimestamp ? since(ev.lastTimestamp, now) : first;
  let times = typeof ev.count === 'number' && ev.count > 0 ? ev.count : 1;
  if (ev.series) {
    last = since(ev.series.lastObservedTime, now);
    times = ev.series.count ?? 0;
  }
  const involved: Obj = ev.involvedObject ?? {};
  const kind = String(involved.kind ?? '').toLowerCase();
  return [
    last,
    String(ev.type ?? ''),
    String(ev.reason ?? ''),
    involved.name ? `${kind}/${String(involved.name)}` : kind,
    String(involved.fieldPath ?? ''),
    eventSource(ev),
    String(ev.message ?? '').trim(),
    first,
    times,
    name(ev),
  ];
}

const eventColumns = [
  column('Last Seen', 'Time when last event occurred'),
  column('Type', 'Type of this event (Normal, Warning), new types could be added in the future.'),
  column(
    'Reason',
    'This should be a short, machine understandable string that gives the reason for this event being generated.',
  ),
  column('Object', 'The object this Event is about.'),
  column('Subobject', 'The field of the object this Event is about.', { wide: true }),
  column('Source', 'The component reporting this event.', { wide: true }),
  column('Message', 'A human-readable description of the status of this operation.'),
  column('First Seen', 'Time when first event occurred', { wide: true }),
  column('Count', 'The number of times this event has occurred.', { wide: true }),
  { ...nameColumn, priority: 1 },
];

/** core/v1 events. */
const eventPrinter: Printer = { columns: eventColumns, cells: coreEventCells };

/** events.k8s.io/v1 events: printed from their core/v1 form, as kube-apiserver does. */
const eventsV1Printer: Printer = {
  columns: eventColumns,
  cells: (ev, now) => coreEventCells(eventsV1EventToCore(ev), now),
};

const accessModeShort: Record<string, string> = {
  ReadWriteOnce: 'RWO',
  ReadOnlyMany: 'ROX',
  ReadWriteMany: 'RWX',
  ReadWriteOncePod: 'RWOP',
};

const pvcPrinter: Printer = {
  columns: [
    nameColumn,
    column('Status', 'Phase represents the current phase of PersistentVolumeClaim.'),
    column(
      'Volume',
      'VolumeName is the binding reference to the PersistentVolume backing this claim.',
    ),
    column('Capacity', 'capacity represents the actual resources of the underlying volume.'),
    column('Access Modes', 'AccessModes contains the desired access modes the volume should have.'),
    column(
      'StorageClass',
      'StorageClassName is the name of the StorageClass required by the claim.',
    ),
    column(
      'VolumeAttributesClass',
      'volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.',
    ),
    ageColumn,
    column('VolumeMode', 'volumeMode defines what type of volume is required by the claim.', {
      wide: true,
    }),
  ],
  cells(pvc, now) {
    const spec: Obj = pvc.spec ?? {};
    const bound = !!spec.volumeName;
    const modes = list(pvc.status?.accessModes).map(String);
    return [
      name(pvc),
      pvc.metadata?.deletionTimestamp ? 'Terminating' : String(pvc.status?.phase ?? ''),
      String(spec.volumeName ?? ''),
      bound ? String(pvc.status?.capacity?.storage ?? '') : '',
      bound
        ? Object.keys(accessModeShort)
            .filter((m) => modes.includes(m))
            .map((m) => accessModeShort[m])
            .join(',')
        : '',
      String(
        spec.storageClassName ??
          pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
          '',
      ),
      String(spec.volumeAttributesClassName || '<unset>'),
      age(pvc, now),
      String(spec.volumeMode ?? '<unset>'),
    ];
  },
};

/** Printers of the core group, by resource. */
export const corePrinters: Record<string, Printer> = {
  nodes: nodePrinter,
  namespaces: namespacePrinter,
  services: servicePrinter,
  endpoints: endpointsPrinter,
  configmaps: configMapPrinter,
  secrets: secretPrinter,
  serviceaccounts: serviceAccountPrinter,
  events: eventPrinter,
  persistentvolumeclaims: pvcPrinter,
};

/** The events.k8s.io/v1 printer. */
export { eventsV1Printer };
