import type { TestClient } from '../http-client';

/** One cause of a 422: reason, field and message. */
export type Cause = [reason: string, field: string, message: string];

/** A create kube-apiserver rejects: the spec sent, and the causes of its 422. */
export interface InvalidCase {
  resource: string;
  what: string;
  name: string;
  spec: Record<string, unknown>;
  causes: Cause[];
}

/**
 * Registers a test per case, a describe per resource: creating the object in `group`'s v1 API
 * answers 422 Invalid with kube's summary message, details and exactly the case's causes.
 * `kinds` maps each resource to its qualified kind (`Deployment.apps`); `target` gives the client
 * and namespace once the suite's beforeAll ran.
 */
export function describeInvalidCreates(
  group: string,
  kinds: Record<string, string>,
  cases: InvalidCase[],
  target: () => { client: TestClient; namespace: string },
): void {
  describe.each([...new Set(cases.map((c) => c.resource))])('%s', (resource) => {
    it.each(cases.filter((c) => c.resource === resource).map((c) => [c.what, c] as const))(
      'rejects %s',
      async (_what, c) => {
        const { client, namespace } = target();
        const res = await client.post(`/apis/${group}/v1/namespaces/${namespace}/${c.resource}`, {
          metadata: { name: c.name },
          spec: c.spec,
        });
        expect(res.status).toBe(422);
        const texts = c.causes.map(([, field, message]) => `${field}: ${message}`);
        const summary = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
        expect(res.body).toMatchObject({
          kind: 'Status',
          reason: 'Invalid',
          code: 422,
          message: `${kinds[c.resource]} "${c.name}" is invalid: ${summary}`,
          details: { name: c.name, group, kind: kinds[c.resource]!.split('.')[0] },
        });
        expect(res.body.details.causes).toEqual(
          c.causes.map(([reason, field, message]) => ({ reason, message, field })),
        );
      },
    );
  });
}
