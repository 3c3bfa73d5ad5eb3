import { ReasonedError, type GroupVersionKind } from '@kubekit/apimachinery';

/** Why discovery could not answer; see {@link DiscoveryError.reason}. */
export type DiscoveryErrorReason =
  /** No resource of the group-version serves the kind (client-go's NoKindMatchError). */
  'NoKindMatch';

/**
 * Discovery found no answer: e.g. the kind is served by no resource (the CRD is not installed).
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/api/meta/errors.go
 */
export class DiscoveryError extends ReasonedError<DiscoveryErrorReason> {
  static override readonly brand: string = '@kubekit/rest/DiscoveryError';

  /** The kind that was looked up. */
  readonly gvk: GroupVersionKind;

  constructor(reason: DiscoveryErrorReason, gvk: GroupVersionKind, options?: { cause?: unknown }) {
    const gv = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    super(reason, `no matches for kind "${gvk.kind}" in version "${gv}"`, options);
    this.gvk = gvk;
  }
}
