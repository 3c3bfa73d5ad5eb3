import type { LeaderElectionHealth } from './leader-election-config';
import type { LeaderElector } from './leader-elector';

/** Options of {@link HealthzAdaptor}. */
export interface HealthzAdaptorOptions {
  /** How far past the lease duration a leader may go unrenewed before it is unhealthy. Default 20 000. */
  toleranceMs?: number;
}

/**
 * A health check that exists before its elector (client-go's HealthzAdaptor): register it with
 * the /healthz server at startup, hand it the elector once built. Healthy while no elector is
 * set; afterwards as {@link LeaderElector.check} with the configured tolerance.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/leaderelection/healthzadaptor.go
 */
export class HealthzAdaptor {
  /** The check's name on a /healthz endpoint. */
  readonly name = 'leaderElection';
  readonly #toleranceMs: number;
  #elector: LeaderElector | undefined;

  constructor(options: HealthzAdaptorOptions = {}) {
    this.#toleranceMs = options.toleranceMs ?? 20_000;
  }

  /** Attaches the elector to check. */
  setLeaderElection(elector: LeaderElector): void {
    this.#elector = elector;
  }

  /** The elector's health, or ok while none is attached. */
  check(): LeaderElectionHealth {
    return this.#elector ? this.#elector.check(this.#toleranceMs) : { ok: true };
  }
}
