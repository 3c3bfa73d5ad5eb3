import type { RestConfig } from '../config';
import type { Kubeconfig } from '../kubeconfig';

/**
 * Keeping credentials out of `util.inspect()` / `console.log()` output and error messages, as
 * client-go's Config.String does (`--- REDACTED ---`).
 *
 * @see https://github.com/kubernetes/client-go/blob/master/rest/config.go (sanitizedConfig)
 */

/** What replaces a credential in inspect output. */
export const Redacted = '[REDACTED]';

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/** `text` with the user-info of a URL (`https://user:password@host`) replaced. */
export function withoutUserinfo(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, `$1${Redacted}@`);
}

const redactValues = (map: Record<string, string> | undefined) =>
  map && Object.fromEntries(Object.keys(map).map((k) => [k, Redacted]));

const redactEnv = (env: { name: string; value: string }[] | null | undefined) =>
  env?.map(({ name }) => ({ name, value: Redacted }));

/** A copy of `config` fit for printing: token, password, key, auth-provider config and exec env values replaced. */
export function redactConfig(config: Readonly<RestConfig>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config, server: withoutUserinfo(config.server) };
  for (const key of ['bearerToken', 'password', 'keyData'] as const)
    if (config[key] !== undefined) out[key] = Redacted;
  if (config.authProvider)
    out['authProvider'] = {
      ...config.authProvider,
      config: redactValues(config.authProvider.config),
    };
  if (config.exec) out['exec'] = { ...config.exec, env: redactEnv(config.exec.env) };
  return out;
}

/** A copy of `kc` fit for printing: every user's credentials replaced. */
export function redactKubeconfig(kc: Kubeconfig): Record<string, unknown> {
  return {
    ...kc,
    users: kc.users?.map(({ name, user }) => {
      const u: Record<string, unknown> = { ...user };
      for (const key of ['token', 'password', 'client-key-data'] as const)
        if (user[key] !== undefined) u[key] = Redacted;
      if (user['auth-provider'])
        u['auth-provider'] = {
          ...user['auth-provider'],
          config: redactValues(user['auth-provider'].config),
        };
      if (user.exec) u['exec'] = { ...user.exec, env: redactEnv(user.exec.env) };
      return { name, user: u };
    }),
  };
}

/**
 * Makes `util.inspect(obj)` (and so `console.log(obj)`) print `redact(obj)` instead of `obj`,
 * through a non-enumerable property: JSON, spreading and equality are unchanged.
 */
export function inspectRedacted<T extends object>(obj: T, redact: (obj: T) => unknown): T {
  Object.defineProperty(obj, inspectCustom, {
    value: (_depth: number, options: object, inspect: (v: unknown, o: object) => string) =>
      inspect(redact(obj), options),
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return obj;
}
