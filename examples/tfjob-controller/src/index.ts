/**
 * The reference TFJob controller as a library: what the binary (`src/main/controller.ts`), the
 * local demo (`src/main/local.ts`) and the benchmarks (`test/bench`) build on.
 * @packageDocumentation
 */
export { installCrd, readCrd } from './crd';
export { Clientset } from './generated';
export type { TFJob } from './generated/kubeflow.org/v1';
export { addTFJobController, newTFJobController } from './tensorflow/tfjob-controller';
export { gangSchedulerFor, podGroupsServed } from './tensorflow/pod-group';
export type { PodGroup } from './tensorflow/pod-group';
export type {
  AddTFJobControllerOptions,
  TFJobControllerOptions,
} from './tensorflow/tfjob-controller';
