import { CodegenError } from './codegen-error';
import { groupVersionsFromCrds } from './crd-reader';
import { parseYamlDocuments } from './yaml-documents';

const crd = (overrides: { kind?: string; scope?: string; versions?: string } = {}) => `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  names: { kind: ${overrides.kind ?? 'Widget'}, plural: ${(overrides.kind ?? 'Widget').toLowerCase()}s, shortNames: [wd] }
  scope: ${overrides.scope ?? 'Namespaced'}
  versions:${
    overrides.versions ??
    `
    - name: v1
      served: true
      storage: true
      subresources: { status: {}, scale: { specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas } }
      schema:
        openAPIV3Schema: { type: object, properties: { spec: { type: object, properties: { replicas: { type: integer } } } } }
    - name: v1beta1
      served: true
      storage: false
      schema:
        openAPIV3Schema: { type: object, properties: { spec: { type: object, properties: { size: { type: string } } } } }
    - name: v1alpha1
      served: false
      storage: false`
  }
`;

const read = (text: string, file = 'in.yaml') =>
  groupVersionsFromCrds(parseYamlDocuments(text, file));

function errorOf(text: string): CodegenError {
  try {
    read(text);
  } catch (err) {
    if (CodegenError.isInstance(err)) return err;
    throw err;
  }
  throw new Error('expected a CodegenError');
}

describe('groupVersionsFromCrds', () => {
  it('reads every served version with its scope, names and subresources', () => {
    const gvs = read(crd());
    expect(gvs.map((gv) => gv.version)).toEqual(['v1', 'v1beta1']);
    expect(gvs[0]!.resources).toEqual([
      {
        kind: 'Widget',
        plural: 'widgets',
        singular: 'widget',
        listKind: 'WidgetList',
        namespaced: true,
        shortNames: ['wd'],
        subresources: ['scale', 'status'],
        typeName: 'Widget',
        listTypeName: 'WidgetList',
        clientClass: 'ResourceClient',
      },
    ]);
    expect((gvs[1]!.types as { declarations: string }).declarations).toContain('size?: string;');
  });

  it('merges kinds of one group version from several documents, sorted by kind', () => {
    const gvs = read(`${crd({ kind: 'Zebra', scope: 'Cluster' })}---\n${crd()}---\n`);
    expect(gvs[0]!.resources.map((r) => [r.kind, r.namespaced])).toEqual([
      ['Widget', true],
      ['Zebra', false],
    ]);
  });

  it('names file, document index and JSON path for bad input', () => {
    const notCrd = errorOf(`${crd()}---\napiVersion: v1\nkind: ConfigMap\n`);
    expect(notCrd.reason).toBe('NotACrd');
    expect(notCrd.message).toBe('in.yaml, document 1, at kind: not a CustomResourceDefinition');

    const beta = errorOf(crd().replace('apiextensions.k8s.io/v1', 'apiextensions.k8s.io/v1beta1'));
    expect(beta.path).toBe('apiVersion');

    const noSchema = errorOf(
      crd({ versions: '\n    - { name: v2, served: true, storage: true }' }),
    );
    expect(noSchema.reason).toBe('MissingSchema');
    expect(noSchema.path).toBe('spec.versions[0].schema.openAPIV3Schema');

    expect(errorOf(crd({ scope: 'Galaxy' })).path).toBe('spec.scope');
    expect(errorOf(`${crd()}---\n${crd()}`).reason).toBe('Conflict');
  });

  it('reports YAML syntax errors with the document and line', () => {
    expect(() => parseYamlDocuments('a: 1\n---\nb: [1, 2\n', 'bad.yaml')).toThrow(
      /^bad\.yaml, document 1: not valid YAML \(line \d+, column \d+\)/,
    );
  });
});
