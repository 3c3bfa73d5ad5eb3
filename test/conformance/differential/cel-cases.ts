/**
 * The CEL part of the differential corpus: a Gadget CRD whose schema carries
 * x-kubernetes-validations rules (bounded with maxItems / maxLength, as kube-apiserver's cost
 * estimate requires), gadgets that break them, updates against transition rules, and CRDs whose
 * rules do not compile.
 */
import type { DifferentialCase } from './cases';

const gadgets = '/apis/{group}/v1/namespaces/{ns}/gadgets';
const crds = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const merge = 'application/merge-patch+json';

const gadgetSchema = (extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      'x-kubernetes-validations': [
        { rule: 'self.min <= self.max', message: 'min must not exceed max' },
        { rule: "!has(self.mode) || self.mode != 'off' || self.replicas == 0" },
        {
          rule: 'self.replicas <= 5',
          messageExpression: "self.replicas > 9 ? 'replicas over 9' : 'replicas over 5'",
          fieldPath: '.replicas',
        },
        { rule: 'has(self.owner)', reason: 'FieldValueRequired', message: 'owner is required' },
        { rule: "!('dup' in self.labels)", reason: 'FieldValueDuplicate', fieldPath: '.labels' },
      ],
      properties: {
        min: { type: 'integer' },
        max: { type: 'integer' },
        replicas: { type: 'integer', default: 1 },
        mode: { type: 'string', maxLength: 10 },
        owner: {
          type: 'string',
          maxLength: 20,
          'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'owner is immutable' }],
        },
        tags: {
          type: 'array',
          maxItems: 5,
          items: { type: 'string', maxLength: 10 },
          'x-kubernetes-validations': [
            {
              rule: "self.all(t, t.startsWith('t-')) && self.isSorted()",
              reason: 'FieldValueForbidden',
              message: 'tags are sorted and start with t-',
            },
          ],
        },
        labels: {
          type: 'object',
          maxProperties: 5,
          default: {},
          additionalProperties: { type: 'string', maxLength: 10 },
        },
        size: { type: 'integer', maximum: 10 },
        tier: {
          type: 'string',
          maxLength: 10,
          'x-kubernetes-validations': [
            {
              rule: "oldSelf.hasValue() || self != 'gold'",
              optionalOldSelf: true,
              message: 'cannot start as gold',
            },
          ],
        },
        ...extra,
      },
    },
    status: { type: 'object', properties: { phase: { type: 'string' } } },
  },
  'x-kubernetes-validations': [
    { rule: "self.metadata.name != 'forbidden'", message: 'this name is taken' },
  ],
});

const kindOf = (plural: string) => `${plural[0]!.toUpperCase()}${plural.slice(1, -1)}`;

/** A Gadget CRD of the run's group (`{group}` filled in): `plural` names it. */
export const gadgetCrd = (group: string, plural = 'gadgets', extra = {}) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${group}` },
  spec: {
    group,
    scope: 'Namespaced',
    names: {
      plural,
      singular: plural.slice(0, -1),
      kind: kindOf(plural),
      listKind: `${kindOf(plural)}List`,
    },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: { openAPIV3Schema: gadgetSchema(extra) },
      },
    ],
  },
});

const gadget = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: '{group}/v1',
  kind: 'Gadget',
  metadata: { name },
  spec: { min: 1, max: 2, owner: 'me', ...spec },
});

/** A CRD (never created: every one is invalid) whose `bad` field carries `rule`. */
const badCrd = (rule: Record<string, unknown>) =>
  gadgetCrd('{group}', 'bads', {
    bad: {
      type: 'object',
      properties: { a: { type: 'string', maxLength: 5 } },
      'x-kubernetes-validations': [rule],
    },
  });

export const celCases: DifferentialCase[] = [
  {
    name: 'CEL rules: failures at create',
    steps: [
      { method: 'POST', path: gadgets, body: gadget('fine', { tags: ['t-a', 't-b'] }) },
      { method: 'POST', path: gadgets, body: gadget('minmax', { min: 3 }) },
      { method: 'POST', path: gadgets, body: gadget('off', { mode: 'off' }) },
      { method: 'POST', path: gadgets, body: gadget('many', { replicas: 7 }) },
      { method: 'POST', path: gadgets, body: gadget('lots', { replicas: 12 }) },
      {
        method: 'POST',
        path: gadgets,
        body: { ...gadget('noowner', {}), spec: { min: 1, max: 1 } },
      },
      { method: 'POST', path: gadgets, body: gadget('unsorted', { tags: ['t-b', 't-a'] }) },
      { method: 'POST', path: gadgets, body: gadget('dups', { labels: { dup: 'x' } }) },
      { method: 'POST', path: gadgets, body: gadget('forbidden', {}) },
      { method: 'POST', path: gadgets, body: gadget('blocked', { min: 3, size: 20 }) },
      { method: 'POST', path: gadgets, body: gadget('wrongtype', { min: 3, size: 'x' }) },
    ],
  },
  {
    name: 'CEL rules: transition rules and optionalOldSelf at update',
    steps: [
      { method: 'POST', path: gadgets, body: gadget('owned', {}) },
      {
        method: 'PATCH',
        path: `${gadgets}/owned`,
        body: { spec: { owner: 'you' } },
        contentType: merge,
      },
      {
        method: 'PATCH',
        path: `${gadgets}/owned`,
        body: { spec: { mode: 'on' } },
        contentType: merge,
      },
      { method: 'PATCH', path: `${gadgets}/owned`, body: { spec: { max: 0 } }, contentType: merge },
      { method: 'POST', path: gadgets, body: gadget('gold', { tier: 'gold' }) },
      {
        method: 'PATCH',
        path: `${gadgets}/owned`,
        body: { spec: { tier: 'gold' } },
        contentType: merge,
      },
      {
        method: 'PATCH',
        path: `${gadgets}/owned`,
        body: { spec: { tier: 'silver' } },
        contentType: merge,
      },
      {
        method: 'PATCH',
        path: `${gadgets}/owned`,
        body: { spec: { tier: 'gold' } },
        contentType: merge,
      },
      {
        method: 'PATCH',
        path: `${gadgets}/owned/status`,
        body: { status: { phase: 'Ready' } },
        contentType: merge,
      },
      { method: 'DELETE', path: `${gadgets}/owned` },
    ],
  },
  {
    name: 'CEL rules: CRDs whose rules are refused',
    steps: [
      { method: 'POST', path: crds, body: badCrd({ rule: 'self.nope == 1' }) },
      { method: 'POST', path: crds, body: badCrd({ rule: 'nope(self.a) && self.a.size() > 1' }) },
      { method: 'POST', path: crds, body: badCrd({ rule: 'self.a ==' }) },
      { method: 'POST', path: crds, body: badCrd({ rule: ' ' }) },
      { method: 'POST', path: crds, body: badCrd({ rule: 'true', message: 'a\nb' }) },
      { method: 'POST', path: crds, body: badCrd({ rule: 'true', reason: 'Nope' }) },
      { method: 'POST', path: crds, body: badCrd({ rule: 'true', fieldPath: '.nope' }) },
      { method: 'POST', path: crds, body: badCrd({ rule: 'true', optionalOldSelf: true }) },
      {
        method: 'POST',
        path: crds,
        body: gadgetCrd('{group}', 'bads', {
          bad: {
            type: 'array',
            maxItems: 5,
            items: {
              type: 'string',
              maxLength: 5,
              'x-kubernetes-validations': [{ rule: 'self == oldSelf' }],
            },
          },
        }),
      },
    ],
  },
];
