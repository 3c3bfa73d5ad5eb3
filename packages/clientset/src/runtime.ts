/**
 * The runtime the generated code in `./generated` imports (kept apart from `index.ts` so that
 * generated modules never import the package entry point that re-exports them).
 * @packageDocumentation
 */
export type { ResourceInfo } from './resource-info';
export { registerResources } from './resource-info';
export type { ScaleMethods, StatusMethods } from './resource-client';
export { ResourceClient } from './resource-client';
export { PodClient } from './pod-client';
export { ServiceAccountClient } from './service-account-client';
export { informerFor } from './typed-informer';
