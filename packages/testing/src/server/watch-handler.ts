import { encodeObject, objectJson } from './encoding';
import { parseListOptions } from './list-options';
import { apiVersionOf } from '../storage/resource-def';
import type { ResourceCall } from './resource-call';
import { parseSelection } from '../storage/selection';
import type { Obj } from '../storage/store';
import { toTable, wantsTable } from './table';
import type { WatchEncoder } from '../storage/watch-hub';

const jsonEncoders = new Map<string, WatchEncoder>();

/**
 * The shared JSON encoder for an apiVersion: one encoding per event for all its watchers, and
 * the bytes of each stored object's initial ADDED line kept for every later watch-list.
 */
function jsonEncoder(apiVersion: string): WatchEncoder {
  let enc = jsonEncoders.get(apiVersion);
  if (!enc) {
    const added = new WeakMap<Obj, Buffer>();
    enc = {
      id: `json:${apiVersion}`,
      encode: (type, obj) => `{"type":"${type}","object":${encodeObject(obj, apiVersion)}}\n`,
      added(obj) {
        let line = added.get(obj);
        if (!line) {
          line = Buffer.from(`{"type":"ADDED","object":${objectJson(obj, apiVersion)}}\n`);
          added.set(obj, line);
        }
        return line;
      },
    };
    jsonEncoders.set(apiVersion, enc);
  }
  return enc;
}

/**
 * Serves a watch: validates the query, then streams one JSON event per line over a chunked
 * response, each line written (and so flushed) as soon as the event is committed. A watch on a
 * single name (`/watch/.../name` or `fieldSelector=metadata.name=`) filters to that object.
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/endpoints/handlers/watch.go
 */
export function openWatch(call: ResourceCall, name?: string): void {
  const { core, def, info, query, req, res } = call;
  const options = parseListOptions(query, true);
  let fieldSelector = options.fieldSelector;
  if (name !== undefined)
    fieldSelector = [fieldSelector, `metadata.name=${name}`].filter(Boolean).join(',');
  const selection = parseSelection(def, options.labelSelector, fieldSelector);
  const apiVersion = apiVersionOf(def.group, info.version);
  let encoder = jsonEncoder(apiVersion);
  if (wantsTable(req.headers.accept)) {
    const include = query.get('includeObject') ?? 'Metadata';
    encoder = {
      id: `table:${apiVersion}:${include}`,
      encode: (type: string, obj: Obj) =>
        JSON.stringify({
          type,
          object: toTable(
            def,
            info.version,
            [obj],
            { resourceVersion: obj.metadata?.resourceVersion },
            include,
            core.now().getTime(),
          ),
        }) + '\n',
    };
  }
  let headersSent = false;
  const sink = {
    write(line: string | Buffer): void {
      if (!headersSent) sendHeaders();
      res.write(line);
    },
    end(): void {
      if (!headersSent) sendHeaders();
      res.end();
    },
    abort(): void {
      res.destroy();
    },
    get pending(): number {
      return res.writableLength;
    },
    cork(): void {
      res.cork();
    },
    uncork(): void {
      res.uncork();
    },
    onDrain(listener: () => void): void {
      res.once('drain', listener);
    },
  };
  const sendHeaders = (): void => {
    headersSent = true;
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();
  };
  const stop = core.hub.open(
    { def, version: info.version, namespace: info.namespace, selection, options, encoder },
    sink,
  );
  if (!headersSent && !res.writableEnded) sendHeaders();
  req.socket.setNoDelay(true);
  res.on('close', stop);
}
