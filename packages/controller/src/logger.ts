/**
 * The structured logger a controller hands each reconcile (controller-runtime's `logr.Logger`
 * from `log.FromContext(ctx)`, kube-rs's `tracing` span): messages with key/value fields, and
 * loggers bound to fields with `with`.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/log/log.go
 * @packageDocumentation
 */

/** Key/value pairs of a log line. Errors are written as their message, never their stack. */
export type LogFields = Record<string, unknown>;

/**
 * A structured logger. Any logger with these four methods fits (wrap pino or winston in a few
 * lines); {@link consoleLogger} is the default.
 *
 * @see https://github.com/go-logr/logr/blob/master/logr.go
 */
export interface Logger {
  /** Detail for debugging (hidden by {@link consoleLogger} unless `verbose`). */
  debug(message: string, fields?: LogFields): void;
  /** Something worth knowing happened. */
  info(message: string, fields?: LogFields): void;
  /** Something failed. */
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. `{ controller, key }`). */
  with(fields: LogFields): Logger;
}

/** Options of {@link consoleLogger}. */
export interface ConsoleLoggerOptions {
  /** Write `debug` lines too; default false. */
  verbose?: boolean | undefined;
  /** Where lines go; default `console.log` for debug/info and `console.error` for error. */
  write?: ((level: 'debug' | 'info' | 'error', line: string) => void) | undefined;
}

/**
 * A {@link Logger} writing one logfmt line per message (`level=info msg="created" key=ns/a`),
 * the shape `kubectl logs` users grep. An `Error` field is written as its message (a
 * `StatusError`'s message carries the server's reason), so a failing reconcile costs one line.
 *
 * @example
 * ```ts
 * const log = consoleLogger().with({ controller: 'crontab' });
 * log.info('reconciled', { key: 'default/a' }); // level=info msg=reconciled controller=crontab key=default/a
 * ```
 */
export function consoleLogger(options: ConsoleLoggerOptions = {}, bound: LogFields = {}): Logger {
  const write =
    options.write ??
    ((level, line) => (level === 'error' ? console.error(line) : console.log(line)));
  const line = (level: 'debug' | 'info' | 'error', message: string, fields: LogFields = {}) =>
    write(level, formatLine({ level, msg: message, ...bound, ...fields }));
  return {
    debug: (message, fields) => void (options.verbose && line('debug', message, fields)),
    info: (message, fields) => line('info', message, fields),
    error: (message, fields) => line('error', message, fields),
    with: (fields) => consoleLogger(options, { ...bound, ...fields }),
  };
}

/** `k=v` pairs; values with spaces, quotes or `=` are JSON-quoted; undefined fields are left out. */
function formatLine(fields: LogFields): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${formatValue(v)}`)
    .join(' ');
}

function formatValue(value: unknown): string {
  const text =
    value instanceof Error
      ? value.message
      : typeof value === 'string'
        ? value
        : (JSON.stringify(value) ?? String(value));
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}
