/** The TFJob every TFJob scenario submits (one PS and three workers) and where it goes. */
import { join } from 'node:path';
import type { TFJob } from '@kubekit/example-tfjob-controller';

/** The TFJob CRD of the example (deploy/crd.yaml). */
export const tfjobCrdPath = join(
  import.meta.dirname,
  '../../examples/tfjob-controller/deploy/crd.yaml',
);

/** Where the bursts' jobs live. */
export const tfjobNamespace = 'default';

/** Replicas of each {@link benchTFJob}: 1 PS + 3 workers. */
export const replicasPerJob = 4;

/** A TFJob of one PS and three workers named `name`. */
export function benchTFJob(name: string): TFJob {
  const template = {
    spec: { containers: [{ name: 'tensorflow', image: 'kubeflow/tf-dist-mnist-test:1.0' }] },
  };
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'TFJob',
    metadata: { name, namespace: tfjobNamespace },
    spec: {
      tfReplicaSpecs: {
        PS: { replicas: 1, template },
        Worker: { replicas: 3, template },
      } as never,
    },
  };
}
