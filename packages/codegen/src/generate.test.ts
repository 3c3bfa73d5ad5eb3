import { generateFromCrds, generateFromTable } from './generate';
import { parseYamlDocuments } from './yaml-documents';

const crd = (group: string) => `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.${group} }
spec:
  group: ${group}
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, properties: { spec: { type: object } } } }
`;

const table = `
models: './models'
resources:
  - { group: batch, version: v1, kind: Job, plural: jobs, namespaced: true, model: Job }
`;

async function files(generated: Promise<{ path: string; content: string }[]>) {
  return Object.fromEntries((await generated).map((f) => [f.path, f.content]));
}

describe('the root of generated clients', () => {
  it('extends the built-in Clientset, informer factory and addToScheme for CRDs', async () => {
    const out = await files(generateFromCrds(parseYamlDocuments(crd('example.com'), 'w.yaml')));
    expect(out['clientset.ts']).toContain(
      "import { Clientset as BaseClientset } from '@kubekit/clientset';",
    );
    expect(out['clientset.ts']).toContain('export class Clientset extends BaseClientset {');
    expect(out['clientset.ts']).toContain('static override fromConfig(');
    expect(out['informers.ts']).toContain(
      'export interface InformerFactory extends BaseInformerFactory {',
    );
    expect(out['informers.ts']).toContain('const factory = newBaseInformerFactory(options);');
    expect(out['register.ts']).toContain('addBaseToScheme(scheme);');
  });

  it('names a custom group by its full name when its first label is a Kubernetes group', async () => {
    const out = await files(
      generateFromCrds(parseYamlDocuments(crd('batch.example.com'), 'w.yaml')),
    );
    expect(out['clientset.ts']).toContain('readonly batchExampleComV1: BatchExampleComV1Client;');
    expect(out['index.ts']).toContain(
      "export * as batchExampleComV1 from './batch.example.com/v1/index.js';",
    );
  });

  it('imports only the apimachinery types its declarations use (noUnusedLocals)', async () => {
    const out = await files(generateFromCrds(parseYamlDocuments(crd('example.com'), 'w.yaml')));
    expect(out['example.com/v1/types.ts']).toContain(
      "import type { KubeList, KubeObject } from '@kubekit/apimachinery';",
    );
  });

  it('stands alone for a resource table (the built-in clientset itself)', async () => {
    const out = await files(generateFromTable(parseYamlDocuments(table, 'codegen.yaml')));
    expect(out['clientset.ts']).toContain('export class Clientset {');
    expect(out['clientset.ts']).toContain('readonly batchV1: BatchV1Client;');
    expect(out['batch/v1/client.ts']).toContain("import type { Job } from '../../models.js';");
    expect(out['register.ts']).not.toContain('addBaseToScheme');
  });
});
