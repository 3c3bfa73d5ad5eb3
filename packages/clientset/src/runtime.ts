/**
 * The runtime the generated code in `./generated` imports (kept apart from `index.ts` so that
 * generated modules never import the package entry point that re-exports them).
 * @packageDocumentation
 */
export type { ResourceInfo } from './resource-info.js';
export { registerResources } from './resource-info.js';
export type { ScaleMethods, StatusMethods } from './resource-client.js';
export { ResourceClient } from './resource-client.js';
export { PodClient } from './pod-client.js';
export { ServiceAccountClient } from './service-account-client.js';
export { informerFor } from './typed-informer.js';
