/**
 * Fault injection on a real kube-apiserver, where the embedded server's `faults` do not exist:
 * a ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, GA in Kubernetes 1.30) whose Deny
 * binding rejects every update of one object, so a client's writes of it fail as they would
 * while the API server refuses them.
 */
import { isConflict, isNotFound } from '@kubekit/apimachinery';
import type { Request, RESTClient } from '@kubekit/rest';

/** The object whose updates are denied. */
export interface DeniedObject {
  /** API group, `''` for the core group. */
  readonly group: string;
  readonly version: string;
  /** Plural resource name, e.g. `leases`. */
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
}

const admissionGroup = { group: 'admissionregistration.k8s.io', version: 'v1' };
/** How long a new or deleted policy may take to take effect (kube-apiserver compiles it). */
const settleTimeoutMs = 30_000;

/**
 * Denies every UPDATE of `target` (a 403 with message `injected fault: ...`) until the returned
 * function is called; both resolve once kube-apiserver enforces the change, which they check
 * with dry-run updates of the object (it must exist). `client` needs cluster-admin rights.
 */
export async function denyUpdates(
  client: RESTClient,
  target: DeniedObject,
): Promise<() => Promise<void>> {
  const name = `kubekit-deny-${target.resource}-${target.name}`.slice(0, 63);
  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: [target.group],
            apiVersions: [target.version],
            resources: [target.resource],
            operations: ['UPDATE'],
          },
        ],
      },
      matchConditions: [
        { name: 'the-target', expression: `object.metadata.name == '${target.name}'` },
      ],
      validations: [
        {
          expression: 'false',
          message: `injected fault: updates of ${target.resource}/${target.name} are denied`,
          reason: 'Forbidden',
        },
      ],
    },
  };
  const binding = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name },
    spec: {
      policyName: name,
      validationActions: ['Deny'],
      matchResources: {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': target.namespace } },
      },
    },
  };
  const create = (resource: string, body: unknown) =>
    client.post().groupVersion(admissionGroup).resource(resource).body(body).do();
  await create('validatingadmissionpolicies', policy);
  await create('validatingadmissionpolicybindings', binding);
  await untilUpdate(client, target, 'denied');
  return async () => {
    for (const resource of ['validatingadmissionpolicybindings', 'validatingadmissionpolicies']) {
      try {
        await client.delete().groupVersion(admissionGroup).resource(resource).name(name).do();
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    await untilUpdate(client, target, 'allowed');
  };
}

/** Dry-run updates `target` every 100 ms until kube-apiserver answers as `want` says. */
async function untilUpdate(
  client: RESTClient,
  target: DeniedObject,
  want: 'denied' | 'allowed',
): Promise<void> {
  const at = (request: Request) =>
    request
      .groupVersion({ group: target.group, version: target.version })
      .namespace(target.namespace)
      .resource(target.resource)
      .name(target.name);
  const deadline = Date.now() + settleTimeoutMs;
  for (;;) {
    const current = await at(client.get()).do();
    let answer: 'denied' | 'allowed' | 'conflict' = 'allowed';
    try {
      await at(client.put()).dryRun().body(current).do();
    } catch (err) {
      if (isConflict(err))
        answer = 'conflict'; // written meanwhile: read it again
      else if (err instanceof Error && err.message.includes('injected fault')) answer = 'denied';
      else throw err;
    }
    if (answer === want) return;
    if (Date.now() > deadline)
      throw new Error(
        `updates of ${target.name} are not ${want} ${settleTimeoutMs} ms after the policy changed`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
