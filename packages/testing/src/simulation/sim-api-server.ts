import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StatusError } from '@kubekit/apimachinery';
import { sendError } from '../server/http-util';
import { parseRequestTarget } from '../server/request-info';
import { route } from '../server/router';
import { ServerState } from '../server/server-state';
import { DefaultWatchBufferBytesPerWatcher, DefaultWatchBufferBytesTotal } from '../limits';
import { newStorageAccess, type StorageAccess } from '../storage-access';
import { InProcessNetwork, type ExchangeObserver } from './in-process-network';
import type { VirtualClock } from './virtual-clock';

/** What the fault schedule does to one request: fail it, delay it, or let it through. */
export interface RequestFault {
  error?: StatusError;
  latencyMs?: number;
}

/** Options of {@link SimApiServer}. */
export interface SimApiServerOptions {
  clock: VirtualClock;
  /** Decides each request's fault (called once per request, in arrival order). */
  faultFor(
    method: string,
    path: string,
    headers: IncomingMessage['headers'],
  ): RequestFault | undefined;
  observer: ExchangeObserver;
  onError(err: unknown): void;
}

/**
 * The in-memory API server of a simulation: the same storage, registry, watch hub and built-in
 * controllers as `startApiServer()`, their timers on the virtual clock, served over an
 * {@link InProcessNetwork} instead of a socket. No authentication (every client is in-process).
 */
export class SimApiServer {
  readonly state: ServerState;
  readonly storage: StorageAccess;
  readonly network: InProcessNetwork;
  /** Requests received so far. */
  requests = 0;

  constructor(options: SimApiServerOptions) {
    const { clock } = options;
    this.state = new ServerState({
      historySize: 50_000,
      bookmarkIntervalMs: 60_000,
      historyBytes: 128 * 1024 * 1024,
      watchBuffers: {
        perWatcher: DefaultWatchBufferBytesPerWatcher,
        total: DefaultWatchBufferBytesTotal,
      },
      now: () => new Date(clock.now()),
      clock,
      onError: options.onError,
    });
    this.storage = newStorageAccess(() => this.state);
    const info = { gitVersion: 'v1.33.0', address: () => 'simulation:443' };
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      this.requests++;
      let target;
      try {
        target = parseRequestTarget(req.url ?? '/');
      } catch (err) {
        sendError(res, err);
        return;
      }
      const fault = options.faultFor(req.method ?? 'GET', req.url ?? '/', req.headers);
      if (fault?.error) {
        sendError(res, fault.error);
        return;
      }
      const serve = (): void => void route(this.state, info, target, req, res);
      if (fault?.latencyMs) clock.setTimeout(serve, fault.latencyMs);
      else serve();
    };
    this.network = new InProcessNetwork(handler, options.observer, clock);
  }

  /** Ends every watch stream cleanly (clients see the end and re-watch). */
  dropWatches(): void {
    this.state.hub.closeAll();
  }

  /** Drops the watch history: resuming from an older revision gets 410 Expired. */
  compact(): void {
    this.state.store.compact();
  }

  /** A restart with compaction: every connection is cut, the history is gone, data survives. */
  restart(): void {
    this.state.hub.closeAll();
    this.network.cutAll();
    this.state.store.compact();
  }

  stop(): void {
    this.network.cutAll();
    this.state.stop();
  }
}
