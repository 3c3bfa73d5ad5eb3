/**
 * PodClient: the pod expansion (client-go's pod_expansion.go): logs, eviction and binding.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/kubernetes/typed/core/v1/pod_expansion.go
 * @packageDocumentation
 */
import type { KubeList, KubeObject, Status } from '@kubekit/apimachinery';
import type { CallOptions, DeleteOptions, Request } from '@kubekit/rest';
import { createInterface } from 'node:readline';
import type { Binding } from './generated/core/v1/types.js';
import { ResourceClient } from './resource-client.js';

/** Options of {@link PodClient.getLogs} and {@link PodClient.streamLogs}. */
export interface PodLogOptions extends CallOptions {
  /** The container; required when the pod has more than one. */
  container?: string;
  /** The logs of the previous (terminated) instance of the container. */
  previous?: boolean;
  /** Only the last this many lines. */
  tailLines?: number;
  /** Only lines newer than this many seconds. */
  sinceSeconds?: number;
  /** Only lines after this RFC 3339 time. */
  sinceTime?: string;
  /** Prefix every line with its RFC 3339 timestamp. */
  timestamps?: boolean;
  /** Stop after this many bytes. */
  limitBytes?: number;
}

/** Options of {@link PodClient.evict}. */
export interface EvictOptions extends CallOptions {
  /** How the pod is deleted once the eviction is allowed. */
  deleteOptions?: Pick<DeleteOptions, 'gracePeriodSeconds' | 'propagationPolicy' | 'preconditions'>;
  /** Validate the eviction, but evict nothing. */
  dryRun?: boolean;
}

/**
 * The pods client: a {@link ResourceClient} plus the `log`, `eviction` and `binding`
 * subresources.
 *
 * @example
 * ```ts
 * for await (const line of cs.coreV1.pods('default').streamLogs('web', { signal })) console.log(line);
 * ```
 */
export class PodClient<
  T extends KubeObject,
  TList extends KubeList<T> = KubeList<T>,
> extends ResourceClient<T, TList> {
  /** The container's log so far, as text. */
  async getLogs(name: string, options: PodLogOptions = {}): Promise<string> {
    const res = await this.logRequest(name, options, false).doRaw();
    return res.body.toString('utf8');
  }

  /**
   * Follows the container's log line by line (`follow=true`) until the container ends, the
   * loop is left, or `signal` aborts; each of these closes the HTTP stream.
   *
   * Errors: a `StatusError` when the pod or container does not exist (before the first line).
   */
  async *streamLogs(name: string, options: PodLogOptions = {}): AsyncGenerator<string, void> {
    const body = await this.logRequest(name, options, true).stream();
    const lines = createInterface({ input: body, crlfDelay: Infinity });
    try {
      for await (const line of lines) yield line;
    } catch (err) {
      if (!options.signal?.aborted) throw err;
    } finally {
      lines.close();
      body.destroy();
    }
  }

  /**
   * Evicts the pod named `name` (policy/v1 Eviction): the API server deletes it unless a
   * PodDisruptionBudget forbids it, in which case it rejects with 429 TooManyRequests.
   */
  async evict(name: string, options: EvictOptions = {}): Promise<Status> {
    const namespace = this.requireNamespace();
    return this.request('POST', namespace, options)
      .name(name)
      .subresource('eviction')
      .dryRun(options.dryRun ?? false)
      .body({
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name, namespace },
        ...(options.deleteOptions ? { deleteOptions: options.deleteOptions } : {}),
      })
      .do<Status>();
  }

  /**
   * Binds the pod named `name` to a node (the `binding` subresource, what a scheduler does):
   * `target` names the node. Fails with 409 Conflict when the pod is already bound.
   */
  async bind(
    name: string,
    target: Binding['target'],
    options: CallOptions & { dryRun?: boolean } = {},
  ): Promise<Status> {
    const namespace = this.requireNamespace();
    const binding: Binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name, namespace },
      target,
    };
    return this.request('POST', namespace, options)
      .name(name)
      .subresource('binding')
      .dryRun(options.dryRun ?? false)
      .body(binding)
      .do<Status>();
  }

  private logRequest(name: string, options: PodLogOptions, follow: boolean): Request {
    return this.request('GET', this.requireNamespace(), options)
      .name(name)
      .subresource('log')
      .params({
        container: options.container,
        follow: follow || undefined,
        previous: options.previous || undefined,
        tailLines: options.tailLines,
        sinceSeconds: options.sinceSeconds,
        sinceTime: options.sinceTime,
        timestamps: options.timestamps || undefined,
        limitBytes: options.limitBytes,
      });
  }
}
