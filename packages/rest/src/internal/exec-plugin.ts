import { abortError, type Clock } from '@kubekit/apimachinery';
import { readFileSync } from 'node:fs';
import {
  DefaultExecTimeoutMs,
  MaxExecOutputBytes,
  type ExecConfig,
  type RestConfig,
} from '../config';
import { CredentialError } from '../credential-error';
import type { Authenticator, ClientCertificate } from './authenticator';
import { runExecProcess } from './exec-process';

const supportedVersions = new Set([
  'client.authentication.k8s.io/v1',
  'client.authentication.k8s.io/v1beta1',
]);

interface Credential {
  authorization: string | undefined;
  certificate: ClientCertificate | undefined;
  /** Epoch ms after which the credential must be fetched again; Infinity when none was given. */
  expiresAt: number;
}

interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expirationTimestamp?: string;
}

/**
 * `promise`, or a rejection with the signal's reason as soon as `signal` aborts (the work behind
 * `promise` goes on for whoever else waits for it).
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Runs the exec credential plugin of `config` on demand and caches its credential until its
 * `expirationTimestamp` (or until a 401). Concurrent requests share one run of the plugin; a
 * request whose signal aborts (or whose timeout ends) stops waiting for it at once. A run is
 * bounded: killed after `exec.timeoutMs` (default {@link DefaultExecTimeoutMs}) or once it
 * printed more than {@link MaxExecOutputBytes}.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/plugin/pkg/client/auth/exec/exec.go
 */
export function execAuthenticator(config: RestConfig, clock: Clock): Authenticator {
  const exec = config.exec!;
  let current: Credential | undefined;
  let inflight: Promise<Credential> | undefined;

  const fetch = (): Promise<Credential> => {
    inflight ??= runPlugin(exec, config, clock)
      .then((status) => {
        current = toCredential(exec, status);
        return current;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };

  return {
    async authorization(request) {
      if (current && clock.now() < current.expiresAt) return current.authorization;
      return (await untilAborted(fetch(), request?.signal)).authorization;
    },
    async refresh(used) {
      // Another request may already have refreshed since `used` was sent.
      if (current && current.authorization !== used && clock.now() < current.expiresAt) return true;
      current = undefined;
      const next = await fetch();
      return next.authorization !== used || next.certificate !== undefined;
    },
    clientCertificate: () => current?.certificate,
  };
}

function toCredential(exec: ExecConfig, status: ExecCredentialStatus): Credential {
  const hasCert = status.clientCertificateData !== undefined || status.clientKeyData !== undefined;
  if (hasCert && !(status.clientCertificateData && status.clientKeyData))
    throw new CredentialError(
      'ExecFailed',
      `exec plugin ${exec.command} returned only one of clientCertificateData and clientKeyData`,
    );
  if (!status.token && !hasCert)
    throw new CredentialError(
      'ExecFailed',
      `exec plugin ${exec.command} returned neither a token nor a client certificate`,
    );
  let expiresAt = Infinity;
  if (status.expirationTimestamp) {
    expiresAt = Date.parse(status.expirationTimestamp);
    if (Number.isNaN(expiresAt))
      throw new CredentialError(
        'ExecFailed',
        `exec plugin ${exec.command} returned a bad expirationTimestamp ${describe(status.expirationTimestamp)}`,
      );
  }
  return {
    authorization: status.token ? `Bearer ${status.token}` : undefined,
    certificate: hasCert
      ? { cert: status.clientCertificateData!, key: status.clientKeyData! }
      : undefined,
    expiresAt,
  };
}

function execInfo(exec: ExecConfig, config: RestConfig): string {
  const spec: Record<string, unknown> = { interactive: false };
  if (exec.provideClusterInfo) {
    const ca = config.caData ?? (config.caFile ? readFileSync(config.caFile, 'utf8') : undefined);
    spec['cluster'] = {
      server: config.server,
      'tls-server-name': config.tlsServerName,
      'insecure-skip-tls-verify': config.insecureSkipTLSVerify,
      'certificate-authority-data': ca ? Buffer.from(ca).toString('base64') : undefined,
      config: exec.clusterConfig,
    };
  }
  return JSON.stringify({ apiVersion: exec.apiVersion, kind: 'ExecCredential', spec });
}

function runPlugin(
  exec: ExecConfig,
  config: RestConfig,
  clock: Clock,
): Promise<ExecCredentialStatus> {
  const name = exec.command;
  if (!supportedVersions.has(exec.apiVersion))
    return Promise.reject(
      new CredentialError(
        'ExecFailed',
        `exec plugin ${name}: unsupported apiVersion ${JSON.stringify(exec.apiVersion)}`,
      ),
    );
  if (exec.interactiveMode === 'Always')
    return Promise.reject(
      new CredentialError(
        'ExecFailed',
        `exec plugin ${name} requires a terminal (interactiveMode: Always), which kubekit never provides`,
      ),
    );
  const env: NodeJS.ProcessEnv = { ...process.env, KUBERNETES_EXEC_INFO: execInfo(exec, config) };
  for (const { name: key, value } of exec.env ?? []) env[key] = value;
  const bounds = {
    clock,
    timeoutMs: exec.timeoutMs ?? DefaultExecTimeoutMs,
    maxOutputBytes: MaxExecOutputBytes,
  };
  return runExecProcess(name, exec.args ?? [], env, bounds, exec.installHint).then((stdout) =>
    parseOutput(exec, stdout),
  );
}

/**
 * A field of the plugin's output for an error message: a known kind or apiVersion as is, anything
 * else only by its type (a misplaced field could hold the credential).
 */
function describe(value: unknown): string {
  if (value === 'ExecCredential' || supportedVersions.has(value as string))
    return JSON.stringify(value);
  return `(a ${value === null ? 'null' : typeof value}, not shown)`;
}

function parseOutput(exec: ExecConfig, stdout: string): ExecCredentialStatus {
  let parsed: { apiVersion?: unknown; kind?: unknown; status?: ExecCredentialStatus };
  try {
    parsed = JSON.parse(stdout) as typeof parsed;
  } catch {
    // Neither the output nor JSON.parse's message (which quotes it) is repeated: it may hold
    // the credential.
    throw new CredentialError(
      'ExecFailed',
      `exec plugin ${exec.command} printed ${Buffer.byteLength(stdout)} bytes that are not JSON (an ExecCredential was expected on stdout)`,
    );
  }
  if (parsed?.kind !== 'ExecCredential' || parsed.apiVersion !== exec.apiVersion)
    throw new CredentialError(
      'ExecFailed',
      `exec plugin ${exec.command} returned kind ${describe(parsed?.kind)} ${describe(parsed?.apiVersion)}, want ExecCredential ${exec.apiVersion}`,
    );
  if (typeof parsed.status !== 'object' || parsed.status === null)
    throw new CredentialError(
      'ExecFailed',
      `exec plugin ${exec.command} returned an ExecCredential without status`,
    );
  return parsed.status;
}
