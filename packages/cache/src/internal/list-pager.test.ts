import { newResourceExpired, type KubeList, type KubeObject } from '@kubekit/apimachinery';
import type { ListOptions } from '../listwatch';
import { listAllPages } from './list-pager';

const item = (name: string): KubeObject => ({ metadata: { name } });

describe('listAllPages', () => {
  it('returns an unpaged answer as is', async () => {
    const list: KubeList = { metadata: { resourceVersion: '5' }, items: [item('a')] };
    const calls: ListOptions[] = [];
    const result = await listAllPages(
      async (o) => {
        calls.push(o);
        return list;
      },
      { resourceVersion: '0' },
      500,
    );
    expect(result).toEqual({ list, paginated: false });
    expect(calls).toEqual([{ resourceVersion: '0', limit: 500 }]);
  });

  it('falls back to one full list at the requested resourceVersion when a continue token expires', async () => {
    const calls: ListOptions[] = [];
    const result = await listAllPages(
      async (o) => {
        calls.push({ ...o });
        if (!o.continue && o.limit)
          return { metadata: { resourceVersion: '7', continue: 't1' }, items: [item('a')] };
        if (o.continue) throw newResourceExpired('continue token expired');
        return { metadata: { resourceVersion: '9' }, items: [item('a'), item('b')] };
      },
      { resourceVersion: '7', resourceVersionMatch: 'NotOlderThan' },
      1,
    );
    expect(result.list.items.map((o) => o.metadata!.name)).toEqual(['a', 'b']);
    expect(result.paginated).toBe(true); // the server did page, as client-go's pager reports
    expect(
      calls.map((c) => [c.limit, c.continue, c.resourceVersion, c.resourceVersionMatch]),
    ).toEqual([
      [1, undefined, '7', 'NotOlderThan'],
      [1, 't1', undefined, undefined],
      [undefined, undefined, '7', 'NotOlderThan'],
    ]);
  });

  it('rethrows an expired first page and any other error', async () => {
    await expect(
      listAllPages(
        async () => {
          throw newResourceExpired('too old');
        },
        {},
        500,
      ),
    ).rejects.toMatchObject({ code: 410 });
  });
});
