import {
  accessorName,
  camelCase,
  groupVersionAccessor,
  pascalCase,
  propertyKey,
  singularize,
} from './names';

describe('names', () => {
  it('camel-cases kinds with leading acronyms as client-go names accessors', () => {
    expect(camelCase('TFJob')).toBe('tfJob');
    expect(camelCase('PodDisruptionBudget')).toBe('podDisruptionBudget');
    expect(camelCase('CSIDriver')).toBe('csiDriver');
    expect(camelCase('API')).toBe('api');
    expect(pascalCase('cert-manager')).toBe('CertManager');
  });

  it('pluralises accessors the way the resource is pluralised', () => {
    expect(accessorName('Pod', 'pods')).toBe('pods');
    expect(accessorName('TFJob', 'tfjobs')).toBe('tfJobs');
    expect(accessorName('PriorityClass', 'priorityclasses')).toBe('priorityClasses');
    expect(accessorName('NetworkPolicy', 'networkpolicies')).toBe('networkPolicies');
    expect(accessorName('Endpoints', 'endpoints')).toBe('endpoints');
    expect(accessorName('Foo', 'bars')).toBe('bars');
  });

  it('names group versions by the first label of the group', () => {
    expect(groupVersionAccessor('', 'v1')).toBe('coreV1');
    expect(groupVersionAccessor('coordination.k8s.io', 'v1')).toBe('coordinationV1');
    expect(groupVersionAccessor('cert-manager.io', 'v1alpha2')).toBe('certManagerV1alpha2');
    expect(groupVersionAccessor('monitoring.coreos.com', 'v1', true)).toBe('monitoringCoreosComV1');
  });

  it('singularises element type names and quotes non-identifier keys', () => {
    expect(
      ['endpoints', 'addresses', 'policies', 'statuses', 'status', 'data'].map(singularize),
    ).toEqual(['endpoint', 'address', 'policy', 'status', 'status', 'data']);
    expect(propertyKey('x-foo')).toBe("'x-foo'");
    expect(propertyKey('ok_1')).toBe('ok_1');
  });
});
