import { readFile } from 'node:fs/promises';
import type { RestConfig } from '../config';
import { CredentialError } from '../credential-error';
import { authProviderAuthenticator } from './auth-provider';
import type { Clock } from '@kubekit/apimachinery';
import { execAuthenticator } from './exec-plugin';

/** A client certificate and key in PEM. */
export interface ClientCertificate {
  cert: string;
  key: string;
}

/** What a request needs from a credential source. */
export interface Authenticator {
  /**
   * The Authorization header value for the next request, if any. `request.signal` is the
   * request's signal, for a source that has to wait (read only then: it is made on demand, and
   * most sources answer at once).
   */
  authorization(request?: {
    readonly signal: AbortSignal | undefined;
  }): Promise<string | undefined>;
  /**
   * Called after a 401 with the header value that request used. Resolves true when fresher
   * credentials are now available, so the request is worth repeating once.
   */
  refresh(used: string | undefined): Promise<boolean>;
  /** A client certificate obtained at run time (exec plugins), if any. */
  clientCertificate?(): ClientCertificate | undefined;
  /**
   * Set when the header value never changes (a fixed token, basic auth, none): a request then
   * takes it from here without waiting a turn for {@link Authenticator.authorization}.
   */
  readonly constant?: { readonly value: string | undefined };
}

const none: Authenticator = {
  authorization: () => Promise.resolve(undefined),
  refresh: () => Promise.resolve(false),
  constant: { value: undefined },
};

/** How long a token read from a file is used before the file is read again (client-go's value). */
const tokenFileRereadMs = 60_000;

function tokenFileAuthenticator(path: string, clock: Clock): Authenticator {
  let cached: { value: string; readAt: number } | undefined;
  const read = async (): Promise<string> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new CredentialError('TokenFile', `cannot read bearer token file ${path}`, {
        cause: err,
      });
    }
    const token = text.trim();
    if (!token) throw new CredentialError('TokenFile', `bearer token file ${path} is empty`);
    cached = { value: `Bearer ${token}`, readAt: clock.now() };
    return cached.value;
  };
  return {
    async authorization() {
      if (cached && clock.now() - cached.readAt < tokenFileRereadMs) return cached.value;
      return read();
    },
    async refresh(used) {
      return (await read()) !== used;
    },
  };
}

function fixed(value: string): Authenticator {
  return {
    authorization: () => Promise.resolve(value),
    refresh: () => Promise.resolve(false),
    constant: { value },
  };
}

/** Picks the credential source of `config` (precedence documented on RestConfig). */
export function authenticatorFor(config: RestConfig, clock: Clock): Authenticator {
  if (config.bearerToken) return fixed(`Bearer ${config.bearerToken}`);
  if (config.bearerTokenFile) return tokenFileAuthenticator(config.bearerTokenFile, clock);
  if (config.exec) return execAuthenticator(config, clock);
  if (config.authProvider) return authProviderAuthenticator(config);
  if (config.username !== undefined || config.password !== undefined) {
    const basic = Buffer.from(`${config.username ?? ''}:${config.password ?? ''}`).toString(
      'base64',
    );
    return fixed(`Basic ${basic}`);
  }
  return none;
}
