/**
 * The `scale` subresource (autoscaling/v1 Scale): desired replicas in `spec`, observed replicas
 * and the pod selector in `status`.
 * @packageDocumentation
 */
export type { Scale } from './generated/autoscaling/v1/types.js';
