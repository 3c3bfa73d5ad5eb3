import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Clientset, apiextensionsV1 } from '@kubekit/clientset';
import { isAlreadyExists, isNotFound, pollUntil } from '@kubekit/apimachinery';

/** The TFJob CustomResourceDefinition of `deploy/crd.yaml` (pass the file's path). */
export function readCrd(path: string): Record<string, unknown> {
  return parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/**
 * Creates the CRD unless one of its name exists, then waits until it is Established and its
 * resource answers a list, so its objects can be created right after. Safe to call from
 * parallel installers (test workers sharing one cluster): AlreadyExists counts as installed.
 * An existing CRD is left as it is (never replaced).
 *
 * Established alone is not enough on a real kube-apiserver: the condition is written before
 * the server's own CRD handler has seen it, so a create right after can briefly get 404.
 */
export async function installCrd(
  clientset: Pick<Clientset, 'apiextensionsV1' | 'restClient'>,
  crd: Record<string, unknown>,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  const crds = clientset.apiextensionsV1.customResourceDefinitions();
  const name = (crd.metadata as { name: string }).name;
  try {
    await crds.create(crd as never, options);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  const poll = { interval: 50, timeout: 30_000, immediate: true, signal: options.signal };
  let installed: apiextensionsV1.CustomResourceDefinition | undefined;
  await pollUntil(async () => {
    installed = await crds.get(name, options);
    return !!installed.status?.conditions?.some(
      (c) => c.type === 'Established' && c.status === 'True',
    );
  }, poll);
  const { group, names, versions } = installed!.spec;
  const version = versions.find((v) => v.served)?.name;
  if (version === undefined) return;
  await pollUntil(async () => {
    try {
      await clientset.restClient
        .get()
        .groupVersion({ group, version })
        .resource(names.plural)
        .param('limit', 1)
        .signal(options.signal)
        .do();
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }, poll);
}
