import { Scheme, type KindRegistration } from './scheme';
import { SchemeError } from './scheme-error';
import type { KubeObject } from './meta';

interface Job extends KubeObject {
  spec?: { replicas?: number; workers?: number; image?: string };
}

const deploymentV1 = { group: 'apps', version: 'v1', kind: 'Deployment' };
const tfjob = (version: string) => ({ group: 'kubeflow.org', version, kind: 'TFJob' });

function newScheme(): Scheme {
  const scheme = new Scheme();
  scheme.register({
    gvk: deploymentV1,
    plural: 'deployments',
    namespaced: true,
    shortNames: ['deploy'],
  });
  scheme.register({
    gvk: { group: '', version: 'v1', kind: 'Node' },
    plural: 'nodes',
    namespaced: false,
    shortNames: ['no'],
  });
  const jobReg = (version: string): KindRegistration<Job> => ({
    gvk: tfjob(version),
    plural: 'tfjobs',
    namespaced: true,
    shortNames: ['tfj'],
    defaulter: (obj) => {
      obj.spec ??= {};
      obj.spec.replicas ??= 1;
    },
    validator: (obj) =>
      (obj.spec?.replicas ?? 0) < 0
        ? [
            {
              type: 'FieldValueInvalid',
              field: 'spec.replicas',
              detail: 'Invalid value: -1: must be >= 0',
            },
          ]
        : [],
  });
  for (const v of ['v1alpha1', 'v1beta1', 'v1']) scheme.register(jobReg(v));
  return scheme;
}

function schemeError(fn: () => unknown): SchemeError {
  try {
    fn();
  } catch (err) {
    if (SchemeError.isInstance(err)) return err;
    throw err;
  }
  throw new Error('expected a SchemeError');
}

describe('Scheme registry', () => {
  it('knows registered kinds and fills in singular and list kind', () => {
    const scheme = newScheme();
    expect(scheme.recognizes(deploymentV1)).toBe(true);
    expect(scheme.recognizes({ ...deploymentV1, version: 'v2' })).toBe(false);
    expect(scheme.info(deploymentV1)).toEqual({
      gvk: deploymentV1,
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      singular: 'deployment',
      namespaced: true,
      listKind: 'DeploymentList',
      shortNames: ['deploy'],
    });
    expect(scheme.knownKinds()).toEqual([
      { group: '', version: 'v1', kind: 'Node' },
      deploymentV1,
      tfjob('v1'),
      tfjob('v1beta1'),
      tfjob('v1alpha1'),
    ]);
  });

  it('rejects duplicate kinds, duplicate resources and incomplete registrations', () => {
    const scheme = newScheme();
    expect(
      schemeError(() => scheme.register({ gvk: deploymentV1, plural: 'other', namespaced: true }))
        .reason,
    ).toBe('AlreadyRegistered');
    expect(
      schemeError(() =>
        scheme.register({
          gvk: { ...deploymentV1, kind: 'Other' },
          plural: 'deployments',
          namespaced: true,
        }),
      ).reason,
    ).toBe('AlreadyRegistered');
    expect(
      schemeError(() =>
        scheme.register({
          gvk: { group: 'x', version: '', kind: 'K' },
          plural: 'ks',
          namespaced: true,
        }),
      ).reason,
    ).toBe('InvalidRegistration');
  });

  it('reads the kind of an object and refuses unknown or unlabelled objects', () => {
    const scheme = newScheme();
    expect(scheme.kindFor({ apiVersion: 'apps/v1', kind: 'Deployment' })).toEqual(deploymentV1);
    const unknown = schemeError(() =>
      scheme.kindFor({ apiVersion: 'apps/v1', kind: 'StatefulSet' }),
    );
    expect(unknown.reason).toBe('NotRegistered');
    expect(unknown.message).toBe('no kind apps/v1, Kind=StatefulSet is registered in the scheme');
    const invalid = schemeError(() => scheme.kindFor({ kind: 'Deployment' }));
    expect(invalid.reason).toBe('InvalidObject');
    expect(invalid.cause).toBeDefined();
  });

  it('creates empty objects and lists with apiVersion and kind set', () => {
    const scheme = newScheme();
    expect(scheme.new(deploymentV1)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {},
    });
    expect(scheme.new({ group: '', version: 'v1', kind: 'Node' }).apiVersion).toBe('v1');
    expect(scheme.newList(tfjob('v1'))).toEqual({
      apiVersion: 'kubeflow.org/v1',
      kind: 'TFJobList',
      metadata: {},
      items: [],
    });
    expect(schemeError(() => scheme.new({ ...deploymentV1, kind: 'Nope' })).reason).toBe(
      'NotRegistered',
    );
  });

  it('defaults in place and validates with the registered functions', () => {
    const scheme = newScheme();
    const job: Job = { apiVersion: 'kubeflow.org/v1', kind: 'TFJob' };
    expect(scheme.default(job)).toBe(job);
    expect(job.spec).toEqual({ replicas: 1 });
    expect(scheme.validate(job)).toEqual([]);
    expect(scheme.validate({ ...job, spec: { replicas: -1 } })).toEqual([
      {
        type: 'FieldValueInvalid',
        field: 'spec.replicas',
        detail: 'Invalid value: -1: must be >= 0',
      },
    ]);
    const d = { apiVersion: 'apps/v1', kind: 'Deployment' };
    expect(scheme.default(d)).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(scheme.validate(d)).toEqual([]);
  });
});

describe('Scheme RESTMapper', () => {
  it('maps kinds to resources and back, by plural or singular, any case', () => {
    const scheme = newScheme();
    expect(scheme.resourceFor(deploymentV1)).toEqual({
      group: 'apps',
      version: 'v1',
      resource: 'deployments',
    });
    expect(
      scheme.kindForResource({ group: 'apps', version: 'v1', resource: 'deployments' }),
    ).toEqual(deploymentV1);
    expect(
      scheme.kindForResource({ group: 'apps', version: 'v1', resource: 'Deployment' }),
    ).toEqual(deploymentV1);
    expect(
      schemeError(() =>
        scheme.kindForResource({ group: '', version: 'v1', resource: 'deployments' }),
      ).reason,
    ).toBe('NotRegistered');
  });

  it('picks the highest-priority version when the version is empty', () => {
    const scheme = newScheme();
    expect(
      scheme.kindForResource({ group: 'kubeflow.org', version: '', resource: 'tfjobs' }),
    ).toEqual(tfjob('v1'));
    expect(scheme.resourceForShortName('tfj')).toEqual({
      group: 'kubeflow.org',
      version: 'v1',
      resource: 'tfjobs',
    });
    expect(scheme.resourceForShortName('deploy').resource).toBe('deployments');
    expect(schemeError(() => scheme.resourceForShortName('zz')).reason).toBe('NotRegistered');
  });

  it('tells namespaced from cluster-scoped kinds and resources', () => {
    const scheme = newScheme();
    expect(scheme.isNamespaced(deploymentV1)).toBe(true);
    expect(scheme.isNamespaced({ group: '', version: 'v1', kind: 'Node' })).toBe(false);
    expect(scheme.isNamespaced({ group: '', version: 'v1', resource: 'nodes' })).toBe(false);
  });
});

describe('Scheme.convert', () => {
  function withConversions(): Scheme {
    const scheme = newScheme();
    // v1alpha1 -> v1beta1 -> v1 (hub), and v1 -> v1beta1
    scheme.addConversion({
      from: tfjob('v1alpha1'),
      to: { group: 'kubeflow.org', version: 'v1beta1' },
      convert: (o: Job) => ({ ...o, spec: { workers: o.spec?.replicas } }),
    });
    scheme.addConversion({
      from: tfjob('v1beta1'),
      to: { group: 'kubeflow.org', version: 'v1' },
      convert: (o: Job) => ({ ...o, spec: { replicas: o.spec?.workers } }),
    });
    scheme.addConversion({
      from: tfjob('v1'),
      to: { group: 'kubeflow.org', version: 'v1beta1' },
      convert: (o: Job) => {
        o.spec = { workers: o.spec?.replicas };
        return o;
      },
    });
    return scheme;
  }

  it('chains registered conversions and sets apiVersion and kind', () => {
    const scheme = withConversions();
    const old: Job = { apiVersion: 'kubeflow.org/v1alpha1', kind: 'TFJob', spec: { replicas: 3 } };
    const v1 = scheme.convert<Job>(old, { group: 'kubeflow.org', version: 'v1' });
    expect(v1).toEqual({ apiVersion: 'kubeflow.org/v1', kind: 'TFJob', spec: { replicas: 3 } });
    expect(old).toEqual({
      apiVersion: 'kubeflow.org/v1alpha1',
      kind: 'TFJob',
      spec: { replicas: 3 },
    });
    const back = scheme.convert<Job>(v1, { group: 'kubeflow.org', version: 'v1beta1' });
    expect(back).toEqual({
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'TFJob',
      spec: { workers: 3 },
    });
    expect(v1.spec).toEqual({ replicas: 3 }); // the converter changed only its copy
  });

  it('returns a deep copy for the same version', () => {
    const scheme = withConversions();
    const job: Job = { apiVersion: 'kubeflow.org/v1', kind: 'TFJob', spec: { replicas: 2 } };
    const same = scheme.convert<Job>(job, { group: 'kubeflow.org', version: 'v1' });
    expect(same).toEqual(job);
    expect(same).not.toBe(job);
    expect(same.spec).not.toBe(job.spec);
  });

  it('fails with NoConversion without a chain and NotRegistered for an unknown target', () => {
    const scheme = withConversions();
    const v1 = { apiVersion: 'kubeflow.org/v1', kind: 'TFJob' };
    const none = schemeError(() =>
      scheme.convert(v1, { group: 'kubeflow.org', version: 'v1alpha1' }),
    );
    expect(none.reason).toBe('NoConversion');
    expect(none.message).toBe(
      'no conversion from kubeflow.org/v1, Kind=TFJob to kubeflow.org/v1alpha1',
    );
    expect(
      schemeError(() => scheme.convert(v1, { group: 'kubeflow.org', version: 'v9' })).reason,
    ).toBe('NotRegistered');
  });
});
