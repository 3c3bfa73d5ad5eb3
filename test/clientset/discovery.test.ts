/**
 * Every resource kube-apiserver v1.34 serves has a typed client, and an informer and lister
 * when it can be listed and watched: held against the discovery recorded with the OpenAPI
 * inputs (packages/clientset/openapi/discovery.json) and against the discovery of the server
 * under test (the real tier runs this file against a real kube-apiserver, where the two must be
 * the same; the embedded server serves a subset, each of which must match).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Clientset,
  ResourceClient,
  newInformerFactory,
  type ResourceInfo,
} from '@kubekit/clientset';
import { DiscoveryClient, type APIResource, type APIResourceList } from '@kubekit/rest';
import { testServerKind } from '@kubekit/testing';
import { startServerUnderTest, type ServerUnderTest } from '../server-under-test';

/** The real tier's kube-apiserver is the v1.34 the recording was made from; other clusters differ. */
const pinnedServer = testServerKind() === 'real';

const recorded: APIResourceList[] = JSON.parse(
  readFileSync(join(__dirname, '../../packages/clientset/openapi/discovery.json'), 'utf8'),
);

/** What the typed clientset serves, by `groupVersion resource`. */
interface Typed {
  info: ResourceInfo;
  /** The accessor path, e.g. `appsV1.deployments`. */
  accessor: string;
  informer: boolean;
}

function typedResources(cs: Clientset): Map<string, Typed> {
  const factory = newInformerFactory({ client: cs.restClient });
  const out = new Map<string, Typed>();
  for (const [gvName, group] of Object.entries(cs)) {
    if (gvName === 'restClient') continue;
    const informers = (factory as unknown as Record<string, Record<string, () => unknown>>)[gvName];
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(group)).filter(
      (m) => m !== 'constructor',
    );
    for (const method of methods) {
      const client = (group as Record<string, (ns?: string) => unknown>)[method]!('default');
      expect(client).toBeInstanceOf(ResourceClient);
      const info = (client as ResourceClient<never>).resource;
      const gv = info.group ? `${info.group}/${info.version}` : info.version;
      const informer = informers?.[method];
      if (informer) {
        // the typed accessor hands out the factory's one informer of the resource, with a lister
        const shared = informer.call(informers) as { informer: unknown; lister: unknown };
        const gvr = { group: info.group, version: info.version, resource: info.plural };
        expect(shared.informer).toBe(factory.forResource(gvr).informer);
        expect(shared.lister).toBeDefined();
      }
      out.set(`${gv} ${info.plural}`, {
        info,
        accessor: `${gvName}.${method}`,
        informer: !!informer,
      });
    }
  }
  return out;
}

/** The facts of a discovered resource a typed client must agree with. */
function expected(r: APIResource, subresources: string[]) {
  return {
    kind: r.kind,
    namespaced: r.namespaced,
    shortNames: [...(r.shortNames ?? [])].sort(),
    categories: r.categories ?? [],
    verbs: [...r.verbs].sort(),
    subresources,
    informer: r.verbs.includes('list') && r.verbs.includes('watch'),
  };
}

function actual(t: Typed) {
  return {
    kind: t.info.kind,
    namespaced: t.info.namespaced,
    shortNames: [...t.info.shortNames],
    categories: [...(t.info.categories ?? [])],
    verbs: [...(t.info.verbs ?? [])],
    subresources: [...t.info.subresources],
    informer: t.informer,
  };
}

/** Each top-level resource of `lists` with its subresources, by `groupVersion resource`. */
function resources(lists: APIResourceList[]): Map<string, ReturnType<typeof expected>> {
  const out = new Map<string, ReturnType<typeof expected>>();
  for (const list of lists)
    for (const r of list.resources.filter((x) => !x.name.includes('/'))) {
      const subs = list.resources
        .filter((s) => s.name.startsWith(`${r.name}/`))
        .map((s) => s.name.slice(r.name.length + 1))
        .sort();
      out.set(`${list.groupVersion} ${r.name}`, expected(r, subs));
    }
  return out;
}

describe('a typed client, informer and lister for every resource of kube-apiserver v1.34', () => {
  const cs = Clientset.fromConfig({ server: 'https://127.0.0.1:1' });
  const typed = typedResources(cs);

  afterAll(() => cs.close());

  it('covers the recorded discovery exactly: same resources, kinds, scopes, verbs, subresources, short names and categories', () => {
    const want = resources(recorded);
    expect([...typed.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [key, r] of want) expect({ key, ...actual(typed.get(key)!) }).toEqual({ key, ...r });
    // the kinds controller authors asked for are there
    for (const key of [
      'networking.k8s.io/v1 ingresses',
      'networking.k8s.io/v1 networkpolicies',
      'rbac.authorization.k8s.io/v1 roles',
      'rbac.authorization.k8s.io/v1 rolebindings',
      'autoscaling/v2 horizontalpodautoscalers',
      'v1 persistentvolumes',
      'storage.k8s.io/v1 storageclasses',
      'discovery.k8s.io/v1 endpointslices',
      'v1 resourcequotas',
      'admissionregistration.k8s.io/v1 validatingadmissionpolicies',
    ])
      expect(typed.get(key)?.informer).toBe(true);
    expect(want.size).toBeGreaterThanOrEqual(66);
  });

  describe('against the server under test', () => {
    let server: ServerUnderTest;
    let served: APIResourceList[];

    beforeAll(async () => {
      server = await startServerUnderTest();
      const client = Clientset.fromConfig({
        server: server.url,
        caData: server.caPem,
        bearerToken: server.token,
      });
      try {
        const discovery = new DiscoveryClient(client.restClient);
        const groups = await discovery.serverGroups();
        const gvs = groups.groups.flatMap((g) => g.versions.map((v) => v.groupVersion));
        served = await Promise.all(gvs.map((gv) => discovery.serverResourcesForGroupVersion(gv)));
      } finally {
        await client.close();
      }
    });

    afterAll(() => server?.stop());

    it('every served resource of a built-in group has a typed client that agrees with it', () => {
      const builtin = new Set(recorded.map((l) => l.groupVersion));
      const got = resources(served.filter((l) => builtin.has(l.groupVersion)));
      expect(got.size).toBeGreaterThan(0);
      for (const [key, r] of got) {
        const t = typed.get(key);
        // a cluster of another version may serve resources v1.34 does not
        if (!t && server.kind === 'kubeconfig') continue;
        expect({ key, typed: !!t }).toEqual({ key, typed: true });
        const a = actual(t!);
        // the embedded server serves fewer verbs and subresources than kube-apiserver for some
        // resources (and another cluster may be another version); kinds, scopes, short names
        // and categories must still agree
        const facts = ({ kind, namespaced, shortNames, categories }: typeof a) => ({
          kind,
          namespaced,
          shortNames,
          categories,
        });
        expect({ key, ...facts(a) }).toEqual({ key, ...facts(r) });
        if (pinnedServer) expect({ key, ...a }).toEqual({ key, ...r });
      }
      // the real server serves exactly what was recorded
      if (pinnedServer) expect([...got.keys()].sort()).toEqual([...typed.keys()].sort());
    });
  });
});
