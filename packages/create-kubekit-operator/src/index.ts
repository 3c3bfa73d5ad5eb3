/**
 * create-kubekit-operator: `npm create kubekit-operator@latest my-operator` writes a ready
 * operator project on @kubekit/controller. The same as a library: {@link scaffold}.
 * @packageDocumentation
 */
export type { ScaffoldOptions, OperatorNames } from './operator-options';
export { operatorNames } from './operator-options';
export { ScaffoldError } from './scaffold-error';
export { scaffold, projectFiles } from './scaffold';
export { runCli, Usage } from './run-cli';
export { kubekitVersion } from './version';
