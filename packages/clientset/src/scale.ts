import type { ObjectMeta, TypeMeta } from '@kubekit/apimachinery';

/**
 * The `scale` subresource of a resource (autoscaling/v1 Scale): desired replicas in `spec`,
 * observed replicas and the pod selector in `status`.
 *
 * @see https://github.com/kubernetes/api/blob/master/autoscaling/v1/types.go
 */
export interface Scale extends TypeMeta {
  metadata?: ObjectMeta;
  spec?: {
    /** Desired number of replicas. */
    replicas?: number;
  };
  status?: {
    /** Observed number of replicas. */
    replicas: number;
    /** The label selector of the pods, in its string form. */
    selector?: string;
  };
}
