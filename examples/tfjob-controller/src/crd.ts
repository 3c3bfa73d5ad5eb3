import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Clientset } from '@kubekit/clientset';
import { isAlreadyExists, pollUntil } from '@kubekit/apimachinery';

/** The TFJob CustomResourceDefinition of `deploy/crd.yaml` (pass the file's path). */
export function readCrd(path: string): Record<string, unknown> {
  return parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/**
 * Creates (or replaces) the TFJob CRD and waits until it is Established, so TFJobs can be
 * created right after.
 */
export async function installCrd(
  clientset: Pick<Clientset, 'apiextensionsV1'>,
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
  await pollUntil(
    async () => {
      const got = await crds.get(name, options);
      return !!got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    },
    { interval: 50, timeout: 30_000, immediate: true, signal: options.signal },
  );
}
