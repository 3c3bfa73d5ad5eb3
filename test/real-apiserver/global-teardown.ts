import type { RealApiServer } from './index';
import { sharedServerKey } from './global-setup';

/** Jest globalTeardown of the real-API-server tier: stops the server globalSetup started. */
export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<symbol, unknown>)[sharedServerKey] as
    RealApiServer | undefined;
  await server?.stop();
}
