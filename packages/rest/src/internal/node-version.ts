/**
 * Fails at import time, with a message saying what to do, on a Node.js older than kubekit
 * supports: undici (kubekit's HTTP client) otherwise dies while loading with `Cannot read
 * properties of undefined (reading 'bind')`. Imported first by the package entry, so that it
 * runs before undici is loaded.
 */

/** The oldest Node.js major version kubekit runs on. */
export const MinNodeMajor = 22;

/** Throws when `version` (`process.version` form, e.g. `v20.11.1`) is older than {@link MinNodeMajor}. */
export function assertSupportedNode(version: string): void {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (Number.isFinite(major) && major < MinNodeMajor)
    throw new Error(
      `kubekit needs Node.js >= ${MinNodeMajor}, this is ${version}: upgrade Node.js (see https://nodejs.org)`,
    );
}

if (typeof process !== 'undefined' && process.versions?.node) assertSupportedNode(process.version);
