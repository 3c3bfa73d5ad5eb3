import { ConfigError } from '../config-error';
import { withoutUserinfo } from './redact';

/**
 * The origin requests go to and the path prefix below it (without a trailing slash) of a
 * config's `server`; throws ConfigError `Invalid` for anything but an http(s) URL.
 */
export function parseServerUrl(server: string): { origin: string; basePath: string } {
  let url: URL;
  try {
    url = new URL(server);
  } catch (err) {
    throw new ConfigError(
      'Invalid',
      `server ${JSON.stringify(withoutUserinfo(server))} is not a URL`,
      { field: 'server' },
      { cause: err },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError(
      'Invalid',
      `server ${JSON.stringify(withoutUserinfo(server))} must be an http(s) URL`,
      { field: 'server' },
    );
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}
