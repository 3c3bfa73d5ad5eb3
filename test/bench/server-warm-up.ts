/**
 * Has the server encode every pod of a namespace once, untimed, before the timed rounds of a
 * case without a warm-up round (100k pods). The in-memory server keeps each stored object's
 * list-item JSON and the bytes of its initial ADDED watch line: without this, the client whose
 * round comes first pays that one-time encoding inside its own round, and the sync figures
 * would compare the server's caching instead of the clients. Reads the bytes without decoding
 * them (a paged list, then a watch-list until its initial-events-end bookmark).
 */
import { InitialEventsEndAnnotation } from '@kubekit/apimachinery';
import type { RawClient } from './clients';

/** Lists and watch-lists the pods of `namespace` once, discarding what comes back. */
export async function warmServerEncodings(raw: RawClient, namespace: string): Promise<void> {
  const path = `/api/v1/namespaces/${namespace}/pods`;
  let cont = '';
  do {
    const query = `limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
    const res = await raw.pool.request({
      method: 'GET',
      path: `${path}?${query}`,
      headers: raw.headers,
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`warm-up list: HTTP ${res.statusCode}`);
    // the list's metadata comes before its items: decode only that
    const head = JSON.parse(`${text.slice(0, text.indexOf(',"items":'))}}`) as {
      metadata: { continue?: string };
    };
    cont = head.metadata.continue ?? '';
  } while (cont);

  const stop = new AbortController();
  const res = await raw.pool.request({
    method: 'GET',
    path: `${path}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
    headers: raw.headers,
    signal: stop.signal,
  });
  if (res.statusCode !== 200) throw new Error(`warm-up watch-list: HTTP ${res.statusCode}`);
  res.body.setEncoding('utf8');
  let tail = '';
  let ended = false;
  try {
    for await (const chunk of res.body as AsyncIterable<string>) {
      // the annotation may straddle two chunks
      ended = (tail + chunk).includes(InitialEventsEndAnnotation);
      if (ended) break;
      tail = chunk.slice(-InitialEventsEndAnnotation.length);
    }
  } finally {
    stop.abort();
  }
  if (!ended) throw new Error('warm-up watch-list: the stream ended before initial-events-end');
}
