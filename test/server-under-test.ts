/**
 * Cross-package suites pick their server with `startServerUnderTest()` of @kubekit/testing
 * (KUBEKIT_SERVER: embedded by default, `real` in `npm run test:real`). This module adds the
 * jest helpers they share.
 */
import { testServerKind } from '@kubekit/testing';

export { startServerUnderTest, type ServerUnderTest } from '@kubekit/testing';

/** True when suites run against a real kube-apiserver (KUBEKIT_SERVER=real or kubeconfig). */
export const realServer = testServerKind() !== 'embedded';
