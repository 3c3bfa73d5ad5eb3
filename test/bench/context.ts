/** What every scenario gets from the runner, and what it is. */
import type { Clients } from './clients';
import type { Profile, Row } from './harness';
import type { ServerHandle } from './server-handle';
import type { Transport } from './server-protocol';

/** The shared state of one harness run. */
export interface BenchContext {
  profile: Profile;
  /** Undefined when no selected scenario needs a server. */
  server: ServerHandle | undefined;
  /** The three clients, per server (HTTPS is the default everywhere but the REST scenario). */
  clients: Record<Transport, Clients> | undefined;
  log(message: string): void;
  /** Records finished rows: the runner prints them and rewrites the result files at once. */
  emit(rows: Row[]): void;
}

/** One scenario of the harness (`--only <name>` selects it). */
export interface Scenario {
  name: string;
  /** False when the scenario talks to no API server (the runner then starts none). */
  needsServer: boolean;
  /** True for a scenario that runs only when `--only` names it (e.g. it needs a real cluster). */
  onlyWhenNamed?: boolean;
  /** Measures, handing every finished case's rows to `ctx.emit`. */
  run(ctx: BenchContext): Promise<void>;
}

/** The server and clients of a scenario that declared `needsServer`. */
export function serverOf(ctx: BenchContext): {
  server: ServerHandle;
  clients: Record<Transport, Clients>;
} {
  if (!ctx.server || !ctx.clients) throw new Error('the runner started no API server');
  return { server: ctx.server, clients: ctx.clients };
}
