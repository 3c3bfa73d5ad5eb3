/**
 * `@kubekit/testing/kubelet`: LocalKubelet, a kubelet for tests and local runs. It registers a
 * Node on an API server (the in-memory one or a real one), binds pods to it and either scripts
 * their status or runs their containers as local processes. A subpath of its own because it
 * spawns processes and owns directories, which tests of the API server alone never need.
 * @packageDocumentation
 */
export { LocalKubelet } from './local-kubelet';
export type { LocalKubeletOptions } from './local-kubelet-options';
export type { ScriptedPodState, ScriptedCondition } from './scripted-pod';
export type { KubeletPod, KubeletContainer } from './kubelet-pod';
