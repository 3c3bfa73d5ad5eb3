/**
 * kube-apiserver v1.34's validation of the apps/v1 workloads (Deployment, StatefulSet, DaemonSet,
 * ReplicaSet): the exact 422 answers to invalid creates, as recorded against the real server
 * (KUBEKIT_SERVER=real runs this file there too).
 */
import { TestClient } from './http-client';
import { startServerUnderTest, type ServerUnderTest } from './server-under-test';
import {
  describeInvalidCreates,
  type Cause,
  type InvalidCase,
} from './test-support/invalid-creates';

let server: ServerUnderTest;
let client: TestClient;
let ns: string;
beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  client = new TestClient(server);
  ns = await server.namespace('apps-validation');
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

const container = { name: 'main', image: 'busybox:1.36' };
const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [container] } };
const selector = { matchLabels: { app: 'x' } };

/** `field: Invalid value: -1: must be greater than or equal to 0`. */
const negative = (field: string): Cause => [
  'FieldValueInvalid',
  field,
  'Invalid value: -1: must be greater than or equal to 0',
];

/** The template's labels (shown as `value`) do not match the selector. */
const labelsMismatch = (value: string): Cause => [
  'FieldValueInvalid',
  'spec.template.metadata.labels',
  `Invalid value: ${value}: \`selector\` does not match template \`labels\``,
];

/** A workload spec with negative counts and a template only a Job may have. */
const jobLikeSpec = {
  replicas: -1,
  minReadySeconds: -1,
  revisionHistoryLimit: -1,
  selector: selector,
  template: {
    metadata: { labels: { app: 'x' } },
    spec: { restartPolicy: 'OnFailure', activeDeadlineSeconds: 3, containers: [container] },
  },
};

/** What kube says of {@link jobLikeSpec}'s template in a workload of `kind`. */
const jobLikeTemplate = (kind: string): Cause[] => [
  [
    'FieldValueNotSupported',
    'spec.template.spec.restartPolicy',
    'Unsupported value: "OnFailure": supported values: "Always"',
  ],
  [
    'FieldValueForbidden',
    'spec.template.spec.activeDeadlineSeconds',
    `Forbidden: activeDeadlineSeconds in ${kind} is not Supported`,
  ],
];

/** A `matchLabels: {}` selector, which kube's message names after `named`. */
const emptySelector = (
  resource: string,
  name: string,
  named: string,
  what: string,
): InvalidCase => ({
  resource,
  what,
  name,
  spec: { selector: { matchLabels: {} }, template: template },
  causes: [
    [
      'FieldValueInvalid',
      'spec.selector',
      `Invalid value: {}: empty selector is invalid for ${named}`,
    ],
  ],
});

const kinds: Record<string, string> = {
  deployments: 'Deployment.apps',
  statefulsets: 'StatefulSet.apps',
  daemonsets: 'DaemonSet.apps',
  replicasets: 'ReplicaSet.apps',
};

const cases: InvalidCase[] = [
  {
    resource: 'deployments',
    what: 'negative counts, and a progress deadline not above minReadySeconds',
    name: 'd3',
    spec: {
      replicas: -1,
      revisionHistoryLimit: -1,
      minReadySeconds: -1,
      progressDeadlineSeconds: -5,
      selector: selector,
      template: template,
    },
    causes: [
      negative('spec.replicas'),
      negative('spec.minReadySeconds'),
      negative('spec.revisionHistoryLimit'),
      [
        'FieldValueInvalid',
        'spec.progressDeadlineSeconds',
        'Invalid value: -5: must be greater than or equal to 0',
      ],
      [
        'FieldValueInvalid',
        'spec.progressDeadlineSeconds',
        'Invalid value: -5: must be greater than minReadySeconds',
      ],
    ],
  },
  {
    resource: 'deployments',
    what: 'rollingUpdate with the Recreate strategy',
    name: 'd4',
    spec: {
      strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } },
      selector: selector,
      template: template,
    },
    causes: [
      [
        'FieldValueForbidden',
        'spec.strategy.rollingUpdate',
        "Forbidden: may not be specified when strategy `type` is 'Recreate'",
      ],
    ],
  },
  {
    resource: 'deployments',
    what: 'an unknown strategy type (the internal struct in the message)',
    name: 'd4b',
    spec: { strategy: { type: 'Bogus' }, selector: selector, template: template },
    causes: [
      [
        'FieldValueNotSupported',
        'spec.strategy',
        'Unsupported value: {"Type":"Bogus","RollingUpdate":null}: supported values: "Recreate", "RollingUpdate"',
      ],
    ],
  },
  {
    resource: 'deployments',
    what: 'maxUnavailable and maxSurge both 0',
    name: 'd5',
    spec: {
      strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
      selector: selector,
      template: template,
    },
    causes: [
      [
        'FieldValueInvalid',
        'spec.strategy.rollingUpdate.maxUnavailable',
        'Invalid value: 0: may not be 0 when `maxSurge` is 0',
      ],
    ],
  },
  {
    resource: 'deployments',
    what: 'maxUnavailable over 100%',
    name: 'd5b',
    spec: {
      strategy: { rollingUpdate: { maxSurge: '150%', maxUnavailable: '110%' } },
      selector: selector,
      template: template,
    },
    causes: [
      [
        'FieldValueInvalid',
        'spec.strategy.rollingUpdate.maxUnavailable',
        'Invalid value: "110%": must not be greater than 100%',
      ],
    ],
  },
  {
    resource: 'deployments',
    what: 'a malformed percent and a negative maxSurge',
    name: 'd5c',
    spec: {
      strategy: { rollingUpdate: { maxSurge: -1, maxUnavailable: 'abc' } },
      selector: selector,
      template: template,
    },
    causes: [
      [
        'FieldValueInvalid',
        'spec.strategy.rollingUpdate.maxUnavailable',
        "Invalid value: \"abc\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
      negative('spec.strategy.rollingUpdate.maxSurge'),
    ],
  },
  {
    resource: 'deployments',
    what: 'a template restartPolicy other than Always and an activeDeadlineSeconds',
    name: 'd6',
    spec: {
      selector: selector,
      template: {
        metadata: { labels: { app: 'x' } },
        spec: { restartPolicy: 'Never', activeDeadlineSeconds: 5, containers: [container] },
      },
    },
    causes: [
      [
        'FieldValueNotSupported',
        'spec.template.spec.restartPolicy',
        'Unsupported value: "Never": supported values: "Always"',
      ],
      [
        'FieldValueForbidden',
        'spec.template.spec.activeDeadlineSeconds',
        'Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
      ],
    ],
  },
  {
    resource: 'deployments',
    what: "template containers checked as a pod's (name, image)",
    name: 'd7',
    spec: {
      selector: selector,
      template: {
        metadata: { labels: { app: 'x' } },
        spec: { containers: [{ name: 'Bad_Name' }] },
      },
    },
    causes: [
      [
        'FieldValueInvalid',
        'spec.template.spec.containers[0].name',
        "Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
      ['FieldValueRequired', 'spec.template.spec.containers[0].image', 'Required value'],
    ],
  },
  emptySelector('deployments', 'd8', 'deployment', 'an empty selector'),
  {
    resource: 'deployments',
    what: 'a default progress deadline not above minReadySeconds',
    name: 'd9',
    spec: { minReadySeconds: 700, selector: selector, template: template },
    causes: [
      [
        'FieldValueInvalid',
        'spec.progressDeadlineSeconds',
        'Invalid value: 600: must be greater than minReadySeconds',
      ],
    ],
  },
  {
    resource: 'deployments',
    what: 'a selector requirement without values (and the unparsable selector)',
    name: 'd10',
    spec: {
      selector: { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'a', operator: 'In' }] },
      template: template,
    },
    causes: [
      [
        'FieldValueRequired',
        'spec.selector.matchExpressions[0].values',
        "Required value: must be specified when `operator` is 'In' or 'NotIn'",
      ],
      [
        'FieldValueInvalid',
        'spec.selector',
        'Invalid value: {"matchLabels":{"app":"x"},"matchExpressions":[{"key":"a","operator":"In"}]}: invalid label selector',
      ],
    ],
  },
  {
    resource: 'deployments',
    what: 'invalid template label keys, reported at spec.template.labels',
    name: 'd11',
    spec: {
      selector: selector,
      template: {
        metadata: { labels: { app: 'x', 'bad key': 'v' } },
        spec: { containers: [container] },
      },
    },
    causes: [
      [
        'FieldValueInvalid',
        'spec.template.labels',
        "Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
  },
  {
    resource: 'statefulsets',
    what: 'an empty spec',
    name: 'e1',
    spec: {},
    causes: [
      ['FieldValueRequired', 'spec.selector', 'Required value'],
      labelsMismatch('null'),
      ['FieldValueRequired', 'spec.template.spec.containers', 'Required value'],
    ],
  },
  {
    resource: 'statefulsets',
    what: 'negative counts and a Job-like template',
    name: 'e3',
    spec: jobLikeSpec,
    causes: [
      negative('spec.replicas'),
      negative('spec.minReadySeconds'),
      ...jobLikeTemplate('StatefulSet'),
    ],
  },
  emptySelector('statefulsets', 'e4', 'statefulset', 'an empty selector'),
  {
    resource: 'daemonsets',
    what: 'an empty spec (no selector is only a label mismatch)',
    name: 'e1',
    spec: {},
    causes: [
      labelsMismatch('null'),
      ['FieldValueRequired', 'spec.template.spec.containers', 'Required value'],
    ],
  },
  {
    resource: 'daemonsets',
    what: 'negative counts and a Job-like template',
    name: 'e3',
    spec: jobLikeSpec,
    causes: [
      ...jobLikeTemplate('DaemonSet'),
      negative('spec.minReadySeconds'),
      negative('spec.revisionHistoryLimit'),
    ],
  },
  emptySelector('daemonsets', 'e4', 'daemonset', 'an empty selector'),
  {
    resource: 'replicasets',
    what: 'an empty spec',
    name: 'e1',
    spec: {},
    causes: [
      ['FieldValueRequired', 'spec.selector', 'Required value'],
      labelsMismatch('null'),
      ['FieldValueRequired', 'spec.template.spec.containers', 'Required value'],
    ],
  },
  {
    resource: 'replicasets',
    what: 'a selector that does not match the template labels',
    name: 'e2',
    spec: { selector: { matchLabels: { app: 'a' } }, template: template },
    causes: [labelsMismatch('{"app":"x"}')],
  },
  {
    resource: 'replicasets',
    what: 'negative counts and a Job-like template',
    name: 'e3',
    spec: jobLikeSpec,
    causes: [
      negative('spec.replicas'),
      negative('spec.minReadySeconds'),
      ...jobLikeTemplate('ReplicaSet'),
    ],
  },
  emptySelector(
    'replicasets',
    'e4',
    'deployment',
    'an empty selector (named after deployments, as kube does)',
  ),
  {
    resource: 'statefulsets',
    what: 'an unknown pod management policy and rollingUpdate with OnDelete',
    name: 'e5',
    spec: {
      podManagementPolicy: 'Bogus',
      updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } },
      selector: selector,
      template: template,
    },
    causes: [
      [
        'FieldValueInvalid',
        'spec.podManagementPolicy',
        "Invalid value: \"Bogus\": must be 'OrderedReady' or 'Parallel'",
      ],
      [
        'FieldValueInvalid',
        'spec.updateStrategy.rollingUpdate',
        'Invalid value: {"Partition":1,"MaxUnavailable":null}: only allowed for updateStrategy \'RollingUpdate\'',
      ],
    ],
  },
  {
    resource: 'statefulsets',
    what: 'a negative partition and ordinal start, an unknown retention policy, a bad service name',
    name: 'e6',
    spec: {
      serviceName: 'Bad_Svc',
      updateStrategy: { rollingUpdate: { partition: -1, maxUnavailable: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'X' },
      ordinals: { start: -1 },
      selector: selector,
      template: template,
    },
    causes: [
      negative('spec.updateStrategy.rollingUpdate.partition'),
      [
        'FieldValueNotSupported',
        'spec.persistentVolumeClaimRetentionPolicy.whenDeleted',
        'Unsupported value: "X": supported values: "Retain", "Delete"',
      ],
      negative('spec.ordinals.start'),
      [
        'FieldValueInvalid',
        'spec.serviceName',
        "Invalid value: \"Bad_Svc\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
  },
  {
    resource: 'daemonsets',
    what: 'maxUnavailable and maxSurge both 0',
    name: 'e6',
    spec: {
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } },
      selector: selector,
      template: template,
    },
    causes: [
      [
        'FieldValueRequired',
        'spec.updateStrategy.rollingUpdate.maxUnavailable',
        'Required value: cannot be 0 when maxSurge is 0',
      ],
    ],
  },
  {
    resource: 'daemonsets',
    what: 'maxSurge with a non-zero maxUnavailable',
    name: 'e8',
    spec: {
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '10%' } },
      selector: selector,
      template: template,
    },
    causes: [
      [
        'FieldValueInvalid',
        'spec.updateStrategy.rollingUpdate.maxSurge',
        'Invalid value: "10%": may not be set when maxUnavailable is non-zero',
      ],
    ],
  },
  {
    resource: 'daemonsets',
    what: 'negative counts before an unknown update strategy',
    name: 'e9',
    spec: {
      minReadySeconds: -1,
      revisionHistoryLimit: -1,
      updateStrategy: { type: 'Bogus' },
      selector: selector,
      template: template,
    },
    causes: [
      negative('spec.minReadySeconds'),
      [
        'FieldValueNotSupported',
        'spec.updateStrategy',
        'Unsupported value: {"Type":"Bogus","RollingUpdate":null}: supported values: "RollingUpdate", "OnDelete"',
      ],
      negative('spec.revisionHistoryLimit'),
    ],
  },
];

describeInvalidCreates('apps', kinds, cases, () => ({ client, namespace: ns }));
