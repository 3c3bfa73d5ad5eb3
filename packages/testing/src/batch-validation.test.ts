/**
 * kube-apiserver v1.34's validation of batch/v1 Jobs and CronJobs: the exact 422 answers to
 * invalid creates, as recorded against the real server (KUBEKIT_SERVER=real runs this file
 * there too).
 */
import { TestClient } from './http-client';
import { startServerUnderTest, type ServerUnderTest } from './server-under-test';
import { describeInvalidCreates, type InvalidCase } from './test-support/invalid-creates';

let server: ServerUnderTest;
let client: TestClient;
let ns: string;
beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  client = new TestClient(server);
  ns = await server.namespace('batch-validation');
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

const container = { name: 'main', image: 'busybox:1.36' };

const kinds: Record<string, string> = { jobs: 'Job.batch', cronjobs: 'CronJob.batch' };

const cases: InvalidCase[] = [
  {
    resource: 'jobs',
    what: 'an empty spec (the defaulted restartPolicy Always)',
    name: 'j1',
    spec: {},
    causes: [
      ['FieldValueRequired', 'spec.template.spec.containers', 'Required value'],
      [
        'FieldValueRequired',
        'spec.template.spec.restartPolicy',
        'Required value: valid values: "OnFailure", "Never"',
      ],
    ],
  },
  {
    resource: 'jobs',
    what: 'negative counts and restartPolicy Always',
    name: 'j3',
    spec: {
      parallelism: -1,
      completions: -1,
      backoffLimit: -1,
      activeDeadlineSeconds: 0,
      ttlSecondsAfterFinished: -1,
      template: { spec: { restartPolicy: 'Always', containers: [container] } },
    },
    causes: [
      [
        'FieldValueInvalid',
        'spec.parallelism',
        'Invalid value: -1: must be greater than or equal to 0',
      ],
      [
        'FieldValueInvalid',
        'spec.completions',
        'Invalid value: -1: must be greater than or equal to 0',
      ],
      [
        'FieldValueInvalid',
        'spec.backoffLimit',
        'Invalid value: -1: must be greater than or equal to 0',
      ],
      [
        'FieldValueInvalid',
        'spec.ttlSecondsAfterFinished',
        'Invalid value: -1: must be greater than or equal to 0',
      ],
      [
        'FieldValueRequired',
        'spec.template.spec.restartPolicy',
        'Required value: valid values: "OnFailure", "Never"',
      ],
    ],
  },
  {
    resource: 'jobs',
    what: 'manualSelector without a selector',
    name: 'j4',
    spec: {
      manualSelector: true,
      template: {
        metadata: { labels: { a: 'b' } },
        spec: { restartPolicy: 'Never', containers: [container] },
      },
    },
    causes: [
      ['FieldValueRequired', 'spec.selector', 'Required value'],
      [
        'FieldValueInvalid',
        'spec.template.metadata.labels',
        'Invalid value: {"a":"b"}: `selector` does not match template `labels`',
      ],
    ],
  },
  {
    resource: 'jobs',
    what: 'a manual selector that does not match the template labels',
    name: 'j6',
    spec: {
      manualSelector: true,
      selector: { matchLabels: { a: 'c' } },
      template: {
        metadata: { labels: { a: 'b' } },
        spec: { restartPolicy: 'Never', containers: [container] },
      },
    },
    causes: [
      [
        'FieldValueInvalid',
        'spec.template.metadata.labels',
        'Invalid value: {"a":"b"}: `selector` does not match template `labels`',
      ],
    ],
  },
  {
    resource: 'jobs',
    what: 'an Indexed Job without completions',
    name: 'j7',
    spec: {
      completionMode: 'Indexed',
      parallelism: 3,
      template: { spec: { restartPolicy: 'Never', containers: [container] } },
    },
    causes: [
      ['FieldValueRequired', 'spec.completions', 'Required value: when completion mode is Indexed'],
    ],
  },
  {
    resource: 'jobs',
    what: 'an unknown completion mode',
    name: 'j8',
    spec: {
      completionMode: 'Bogus',
      template: { spec: { restartPolicy: 'Never', containers: [container] } },
    },
    causes: [
      [
        'FieldValueNotSupported',
        'spec.completionMode',
        'Unsupported value: "Bogus": supported values: "NonIndexed", "Indexed"',
      ],
    ],
  },
  {
    resource: 'cronjobs',
    what: 'an empty spec',
    name: 'c1',
    spec: {},
    causes: [
      ['FieldValueRequired', 'spec.schedule', 'Required value'],
      ['FieldValueRequired', 'spec.jobTemplate.spec.template.spec.containers', 'Required value'],
      [
        'FieldValueRequired',
        'spec.jobTemplate.spec.template.spec.restartPolicy',
        'Required value: valid values: "OnFailure", "Never"',
      ],
    ],
  },
  {
    resource: 'cronjobs',
    what: 'a malformed schedule, unknown time zone and policy, negative limits',
    name: 'c2',
    spec: {
      schedule: 'bogus',
      concurrencyPolicy: 'X',
      startingDeadlineSeconds: -1,
      successfulJobsHistoryLimit: -1,
      failedJobsHistoryLimit: -1,
      timeZone: 'Nowhere/X',
      jobTemplate: {
        spec: { template: { spec: { restartPolicy: 'Never', containers: [container] } } },
      },
    },
    causes: [
      [
        'FieldValueInvalid',
        'spec.schedule',
        'Invalid value: "bogus": expected exactly 5 fields, found 1: [bogus]',
      ],
      [
        'FieldValueInvalid',
        'spec.startingDeadlineSeconds',
        'Invalid value: -1: must be greater than or equal to 0',
      ],
      [
        'FieldValueInvalid',
        'spec.timeZone',
        'Invalid value: "Nowhere/X": unknown time zone Nowhere/X',
      ],
      [
        'FieldValueNotSupported',
        'spec.concurrencyPolicy',
        'Unsupported value: "X": supported values: "Allow", "Forbid", "Replace"',
      ],
      [
        'FieldValueInvalid',
        'spec.successfulJobsHistoryLimit',
        'Invalid value: -1: must be greater than or equal to 0',
      ],
      [
        'FieldValueInvalid',
        'spec.failedJobsHistoryLimit',
        'Invalid value: -1: must be greater than or equal to 0',
      ],
    ],
  },
  {
    resource: 'cronjobs',
    what: 'a job template without restartPolicy',
    name: 'c4',
    spec: {
      schedule: '@hourly',
      jobTemplate: { spec: { template: { spec: { containers: [container] } } } },
    },
    causes: [
      [
        'FieldValueRequired',
        'spec.jobTemplate.spec.template.spec.restartPolicy',
        'Required value: valid values: "OnFailure", "Never"',
      ],
    ],
  },
];

describeInvalidCreates('batch', kinds, cases, () => ({ client, namespace: ns }));

describe('cronjob schedules', () => {
  it.each([
    ['*/5 * * * 9', 'end of range (9) above maximum (6): 9'],
    ['61 * * * *', 'end of range (61) above maximum (59): 61'],
    ['a * * * *', 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'],
    ['@foo', 'unrecognized descriptor: @foo'],
    ['TZ=UTC * * * * *', 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
  ])('rejects %j: %s', async (schedule, problem) => {
    const res = await client.post(`/apis/batch/v1/namespaces/${ns}/cronjobs`, {
      metadata: { name: 'sched' },
      spec: {
        schedule,
        jobTemplate: {
          spec: { template: { spec: { restartPolicy: 'Never', containers: [container] } } },
        },
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      `CronJob.batch "sched" is invalid: spec.schedule: Invalid value: ${JSON.stringify(schedule)}: ${problem}`,
    );
  });

  it.each(['@every 5m', '0 0 * * MON-FRI', '*/15 1-5 1,15 JAN-jun ?'])(
    'accepts %j',
    async (schedule) => {
      const res = await client.post(`/apis/batch/v1/namespaces/${ns}/cronjobs`, {
        metadata: { generateName: 'ok-' },
        spec: {
          schedule,
          jobTemplate: {
            spec: { template: { spec: { restartPolicy: 'Never', containers: [container] } } },
          },
        },
      });
      expect(res.status).toBe(201);
    },
  );
});
