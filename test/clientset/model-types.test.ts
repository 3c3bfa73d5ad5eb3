/**
 * The model types of @kubekit/clientset are true to the JSON the API server sends, where
 * @kubernetes/client-node's are not: a consumer project is type-checked (strict,
 * exactOptionalPropertyTypes, noUncheckedIndexedAccess; nodenext, bundler and CommonJS) and
 * every `@ts-expect-error` in it must be needed, so a regression (a timestamp typed `Date`
 * again, a loose IntOrString or Quantity) fails this suite. Apply configurations and merge
 * patches of built-in kinds are typed from the same models.
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnostics, flavours } from '../codegen/tsc-flavours';

const root = join(__dirname, '..', '..');

const consumer = `
import type { appsV1, autoscalingV2, coreV1, networkingV1, rbacV1 } from '@kubekit/clientset';
import { Clientset, newInformerFactory } from '@kubekit/clientset';

export function timestamps(pod: coreV1.Pod, lease: { spec?: { renewTime?: string } }): string[] {
  const created: string | undefined = pod.metadata?.creationTimestamp;
  // @ts-expect-error a timestamp is an RFC 3339 string, not a Date (client-node says Date)
  pod.metadata?.creationTimestamp?.getTime();
  // @ts-expect-error a Date is no timestamp either
  const bad: coreV1.Pod = { metadata: { creationTimestamp: new Date() } };
  const started: string | undefined = pod.status?.startTime;
  const probed: string | undefined = pod.status?.conditions?.[0]?.lastProbeTime ?? undefined;
  return [created, started, probed, lease.spec?.renewTime, String(bad)].filter(
    (t): t is string => t !== undefined,
  );
}

export function intOrString(): appsV1.Deployment[] {
  const byNumber: appsV1.RollingUpdateDeployment = { maxSurge: 1, maxUnavailable: '25%' };
  // @ts-expect-error int-or-string is number | string, nothing else
  const byBoolean: appsV1.RollingUpdateDeployment = { maxSurge: true };
  const port: coreV1.ServicePort = { port: 80, targetPort: 'http' };
  // @ts-expect-error port is an integer, and required
  const noPort: coreV1.ServicePort = { targetPort: 8080 };
  return [{ spec: { selector: {}, template: {}, strategy: { rollingUpdate: byNumber } } }].map(
    (d) => ({ ...d, status: { replicas: [port, noPort, byBoolean].length } }),
  );
}

export function quantities(c: coreV1.Container): string | undefined {
  const cpu: string | undefined = c.resources?.limits?.['cpu'];
  // @ts-expect-error a quantity is sent as a string ('500m'), never a number
  const limits: coreV1.ResourceRequirements = { limits: { memory: 512 } };
  const requests: coreV1.ResourceRequirements = { requests: { memory: '512Mi', cpu: '500m' } };
  return cpu ?? String(limits.limits) + String(requests.requests);
}

export function required(): coreV1.Container[] {
  // @ts-expect-error a container needs a name
  const unnamed: coreV1.Container = { image: 'busybox' };
  return [unnamed, { name: 'ok', imagePullPolicy: 'IfNotPresent' }];
}

export async function clients(cs: Clientset): Promise<string[]> {
  const hpa: autoscalingV2.HorizontalPodAutoscaler = await cs.autoscalingV2
    .horizontalPodAutoscalers('default')
    .get('web');
  const policy: networkingV1.NetworkPolicy | undefined = (
    await cs.networkingV1.networkPolicies('default').list()
  ).items[0];
  const factory = newInformerFactory({ client: cs.restClient });
  const roles: rbacV1.Role[] = factory.rbacV1.roles().lister.list();
  const review = await cs.authorizationV1
    .selfSubjectAccessReviews()
    .create({ spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } });
  // @ts-expect-error a SelfSubjectAccessReview can only be created
  await cs.authorizationV1.selfSubjectAccessReviews().list();
  const { status } = await cs.coreV1.serviceAccounts('default').createToken('builder', {
    spec: { audiences: ['api'] },
  });
  return [
    hpa.status?.lastScaleTime ?? '',
    policy?.metadata?.name ?? '',
    String(roles.length),
    String(review.status?.allowed),
    status?.expirationTimestamp ?? '',
  ];
}
`;

/** Server-side apply configurations and merge patches of built-in kinds are typed from the model. */
const patches = `
import { PatchType } from '@kubekit/rest';
import type { ApplyConfiguration, MergePatch, appsV1 } from '@kubekit/clientset';
import type { Clientset } from '@kubekit/clientset';

export async function apply(cs: Clientset): Promise<void> {
  const deployments = cs.appsV1.deployments('default');
  // every field optional, even required ones (apply owns exactly the fields it sends)
  const config: ApplyConfiguration<appsV1.Deployment> = {
    metadata: { name: 'web' },
    spec: { replicas: 3, template: { spec: { containers: [{ image: 'nginx:1.27' }] } } },
  };
  await deployments.apply(config, { fieldManager: 'me' });
  // @ts-expect-error a misspelt field is no apply configuration
  await deployments.apply({ metadata: { name: 'web' }, spec: { replica: 3 } }, { fieldManager: 'me' });
  // @ts-expect-error a field of the wrong type neither
  const wrong: ApplyConfiguration<appsV1.Deployment> = { spec: { replicas: '3' } };
  await deployments.patch('web', { metadata: { labels: { tier: 'front', legacy: null } } });
  const scaled: MergePatch<appsV1.Deployment> = { spec: { replicas: 2 } };
  await deployments.patch('web', PatchType.MergePatch, scaled);
  // @ts-expect-error a merge patch is typed too
  await deployments.patch('web', PatchType.MergePatch, { spec: { replicas: 'two' } });
  await deployments.applyStatus({ metadata: { name: 'web' }, status: { readyReplicas: 1 } }, { fieldManager: 'me' });
  void wrong;
}
`;

describe('model types true to the JSON (what client-node gets wrong), under strict settings', () => {
  let dir: string;
  const found: Record<string, string[]> = {};

  beforeAll(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'kubekit-model-types-'));
    await fs.symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const files = [join(dir, 'consumer.ts'), join(dir, 'patches.ts')];
    await fs.writeFile(files[0]!, consumer);
    await fs.writeFile(files[1]!, patches);
    for (const flavour of Object.keys(flavours))
      found[flavour] = await diagnostics(dir, files, flavour);
  }, 600_000);

  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it.each(Object.keys(flavours))(
    'type-check as %s with every @ts-expect-error needed (no unused directive, no other error)',
    (flavour) => {
      expect(found[flavour]).toEqual([]);
    },
  );
});
