import { newBadRequest, newConflict } from '@kubekit/apimachinery';
import { sendJson } from './http-util';
import { evictPod } from './pod-eviction';
import { formatTime } from '../storage/object-util';
import { clone } from '../semantics/json';
import { readObjectBody, type ResourceCall } from './resource-call';
import { methodNotAllowed, parseDryRun } from './write-options';

/**
 * The pod subresources: `log` (plain text from the runner hook), `binding` (sets spec.nodeName
 * once and the PodScheduled condition, as the scheduler does) and `eviction` (PodDisruptionBudgets,
 * the DisruptionTarget condition, then a delete with the eviction's options: see evictPod).
 *
 * @see https://github.com/kubernetes/kubernetes/tree/master/pkg/registry/core/pod/storage
 */
export async function handlePodSubresource(call: ResourceCall, method: string): Promise<void> {
  const { core, def, info, query, req, res } = call;
  const ns = info.namespace!;
  const name = info.name!;
  const sub = info.subresource!;
  if (sub === 'log' && method === 'GET') {
    const pod = core.generic.get(def, ns, name);
    const containers: string[] = (pod.spec?.containers ?? []).map((c: { name: string }) => c.name);
    let container = query.get('container') ?? undefined;
    if (!container) {
      if (containers.length !== 1) {
        throw newBadRequest(
          `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`,
        );
      }
      container = containers[0];
    } else if (!containers.includes(container)) {
      throw newBadRequest(`container ${container} is not valid for pod ${name}`);
    }
    const tail = query.get('tailLines');
    let text =
      (await core.podLogs?.({
        namespace: ns,
        name,
        container,
        previous: query.get('previous') === 'true',
        tailLines: tail ? Number(tail) : undefined,
      })) ?? '';
    if (tail)
      text =
        text
          .split('\n')
          .filter((l, i, a) => l !== '' || i < a.length - 1)
          .slice(-Number(tail))
          .join('\n') + (text ? '\n' : '');
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(text);
    return;
  }
  if (method !== 'POST') throw methodNotAllowed();
  const body = await readObjectBody(req);
  const dryRun = parseDryRun(query);
  if (sub === 'binding') {
    const pod = core.generic.get(def, ns, name);
    const target = body.target?.name;
    if (!target) throw newBadRequest('Binding target name is required');
    if (pod.spec?.nodeName) {
      throw newConflict(
        { group: '', resource: 'pods/binding' },
        name,
        `pod ${name} is already assigned to node "${pod.spec.nodeName}"`,
      );
    }
    const next = clone(pod);
    next.spec = { ...next.spec, nodeName: target };
    const conditions = (next.status?.conditions ?? []).filter(
      (c: { type: string }) => c.type !== 'PodScheduled',
    );
    conditions.push({
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: formatTime(core.now()),
    });
    next.status = { ...next.status, conditions };
    core.generic.update(def, ns, name, next, { dryRun, subresource: 'binding' });
  } else {
    const { code, status } = evictPod(core, def, ns, name, body, dryRun);
    sendJson(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, ...status });
    return;
  }
  sendJson(res, 201, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    code: 201,
  });
}
