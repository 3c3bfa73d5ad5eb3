import { ReasonedError, StatusError, StatusReason, newBadRequest } from '@kubekit/apimachinery';

/**
 * Why a patch could not be applied. Each reason maps to the answer kube-apiserver gives:
 *
 * | reason | HTTP | kube-apiserver message |
 * | --- | --- | --- |
 * | `MalformedPatch` | 400 BadRequest | the decoder's message (e.g. `invalid patch format of primitive list`) |
 * | `TooManyOperations` | 413 RequestEntityTooLarge | `The allowed maximum operations in a JSON patch is 10000, got N` |
 * | `ApplyFailed` | 422 Invalid | `the server rejected our request due to an error in our request` (the detail is hidden, as kube does) |
 * | `InvalidStrategicMerge` | 422 Invalid | as `ApplyFailed` (lists of lists, `$retainKeys` mismatch) |
 * | `MergeFailed` | 500 InternalError | `Internal error occurred: <message>` (e.g. a missing merge key) |
 * | `UnsupportedMediaType` | 415 UnsupportedMediaType | `the body of the request was in an unknown format - accepted media types include: ...` |
 */
export type PatchErrorReason =
  | 'MalformedPatch'
  | 'TooManyOperations'
  | 'ApplyFailed'
  | 'InvalidStrategicMerge'
  | 'MergeFailed'
  | 'UnsupportedMediaType';

const codeFor: Record<PatchErrorReason, number> = {
  MalformedPatch: 400,
  TooManyOperations: 413,
  ApplyFailed: 422,
  InvalidStrategicMerge: 422,
  MergeFailed: 500,
  UnsupportedMediaType: 415,
};

/** The message kube-apiserver shows for a 422 built by `NewGenericServerResponse`. */
export const GenericUnprocessableMessage =
  'the server rejected our request due to an error in our request';

/**
 * A patch that could not be applied. `message` is the precise cause (what evanphx/json-patch or
 * strategicpatch would say); {@link PatchError.toStatusError} gives the Status kube-apiserver
 * answers with, which for 422s hides that cause exactly as kube does.
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/endpoints/handlers/patch.go
 */
export class PatchError extends ReasonedError<PatchErrorReason> {
  static override readonly brand: string = '@kubekit/testing/PatchError';

  /** The HTTP status code kube-apiserver answers with for this reason. */
  get code(): number {
    return codeFor[this.reason];
  }

  /** The Status error kube-apiserver returns for this failure. */
  toStatusError(): StatusError {
    switch (this.reason) {
      case 'MalformedPatch':
        return newBadRequest(this.message);
      case 'TooManyOperations':
        return new StatusError({
          code: 413,
          reason: StatusReason.RequestEntityTooLarge,
          message: `Request entity too large: ${this.message}`,
        });
      case 'ApplyFailed':
      case 'InvalidStrategicMerge':
        return new StatusError({
          code: 422,
          reason: StatusReason.Invalid,
          message: GenericUnprocessableMessage,
          details: {},
        });
      case 'UnsupportedMediaType':
        return new StatusError({
          code: 415,
          reason: StatusReason.UnsupportedMediaType,
          message: this.message,
        });
      default:
        return new StatusError({
          code: 500,
          reason: StatusReason.InternalError,
          message: `Internal error occurred: ${this.message}`,
          details: { causes: [{ message: this.message }] },
        });
    }
  }
}
