import { TestClient } from '../http-client';
import { startServerUnderTest, type ServerUnderTest } from '../server-under-test';

/** A meta.k8s.io/v1 Table as the table suites read it. */
export interface Table {
  kind: string;
  columnDefinitions: { name: string; priority: number }[];
  rows: { cells: unknown[]; conditions?: unknown[] }[];
}

/** A server under test, a client and a namespace for one table suite, plus its requests. */
export interface TableSession {
  readonly client: TestClient;
  readonly ns: string;
  /** The path of `resource` (of `group`, e.g. `apps/v1`; `''` for core) in the namespace. */
  path(group: string, resource: string, name?: string): string;
  /** Creates `body` in the namespace; expects a 201 and returns the stored object. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read fields freely
  create(group: string, resource: string, body: object): Promise<any>;
  /** Merge-patches the status of `name`; expects a 200. */
  patchStatus(group: string, resource: string, name: string, status: object): Promise<void>;
  /** GETs `path` as a Table without objects; expects a 200 and a Table. */
  table(path: string): Promise<Table>;
}

/**
 * Starts the server under test before the suite (embedded, or the real one by
 * `KUBEKIT_SERVER`) in a namespace named after `prefix`, and stops it after.
 */
export function useTableSession(prefix: string): TableSession {
  let server: ServerUnderTest;
  const session = {
    client: undefined as unknown as TestClient,
    ns: '',
    path(group: string, resource: string, name = '') {
      const base = group === '' ? '/api/v1' : `/apis/${group}`;
      return `${base}/namespaces/${session.ns}/${resource}${name ? `/${name}` : ''}`;
    },
    async create(group: string, resource: string, body: object) {
      const res = await session.client.post(session.path(group, resource), body);
      expect(res.status).toBe(201);
      return res.body;
    },
    async patchStatus(group: string, resource: string, name: string, status: object) {
      const path = `${session.path(group, resource, name)}/status`;
      const res = await session.client.patch(path, { status }, 'application/merge-patch+json');
      expect(res.status).toBe(200);
    },
    async table(path: string): Promise<Table> {
      const res = await session.client.get(`${path}?includeObject=None`, {
        accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
      });
      expect(res.status).toBe(200);
      expect((res.body as Table).kind).toBe('Table');
      return res.body as Table;
    },
  };
  beforeAll(async () => {
    server = await startServerUnderTest({ embedded: { http: true } });
    session.client = new TestClient(server);
    session.ns = await server.namespace(prefix);
  });
  afterAll(async () => {
    await session.client.close();
    await server.stop();
  });
  return session;
}

/** Column names, wide ones (priority 1) marked with a `+`. */
export function columnsOf(t: Table): string[] {
  return t.columnDefinitions.map((c) => (c.priority ? `+${c.name}` : c.name));
}

/** The one row of `t`, its Age cell (at `ageAt`) checked for its shape and replaced by `AGE`. */
export function rowOf(t: Table, ageAt: number): unknown[] {
  expect(t.rows).toHaveLength(1);
  const cells = [...t.rows[0]!.cells];
  expect(cells[ageAt]).toMatch(/^\d+s$/);
  cells[ageAt] = 'AGE';
  return cells;
}
