/**
 * Warning headers (RFC 7234 §5.5) that kube-apiserver sends with code 299 for deprecated APIs,
 * admission warnings and the like.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/rest/warnings.go
 */

/** One warning the server sent. */
export interface Warning {
  /** The warn-code; kube-apiserver always sends 299 ("miscellaneous persistent warning"). */
  code: number;
  /** The warn-agent (`-` from kube-apiserver). */
  agent: string;
  /** The human-readable text. */
  text: string;
}

/** Receives the warnings of every response (only code 299, as client-go). */
export type WarningHandler = (warning: Warning) => void;

/**
 * Wraps `handler` so each distinct text reaches it only once over the wrapper's lifetime, as
 * client-go's deduplicating warning writer does.
 */
export function deduplicateWarnings(handler: WarningHandler): WarningHandler {
  const seen = new Set<string>();
  return (warning) => {
    if (seen.has(warning.text)) return;
    seen.add(warning.text);
    handler(warning);
  };
}

/**
 * The handler used when a config names none: prints each distinct warning once through
 * `process.emitWarning` (type `KubernetesWarning`), like kubectl's `Warning: ...` lines.
 */
export function defaultWarningHandler(): WarningHandler {
  return deduplicateWarnings((w) => process.emitWarning(w.text, 'KubernetesWarning'));
}

/**
 * Parses the values of `Warning` headers (one header may list several, comma separated).
 * Malformed values are skipped; only code 299 warnings are returned.
 */
export function parseWarningHeaders(values: string | readonly string[] | undefined): Warning[] {
  if (values === undefined) return [];
  const out: Warning[] = [];
  for (const value of typeof values === 'string' ? [values] : values) parseOne(value, out);
  return out;
}

function parseOne(header: string, out: Warning[]): void {
  let i = 0;
  const n = header.length;
  const skipSpaces = () => {
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
  };
  const token = () => {
    const start = i;
    while (i < n && header[i] !== ' ' && header[i] !== ',') i++;
    return header.slice(start, i);
  };
  while (i < n) {
    skipSpaces();
    const code = Number(token());
    skipSpaces();
    const agent = token();
    skipSpaces();
    if (header[i] !== '"') return; // malformed: give up on the rest of this header
    i++;
    let text = '';
    for (; i < n && header[i] !== '"'; i++) {
      if (header[i] === '\\' && i + 1 < n) i++;
      text += header[i];
    }
    if (i >= n) return; // unterminated quoted string
    i++;
    skipSpaces();
    if (header[i] === '"') {
      // optional quoted warn-date
      i = header.indexOf('"', i + 1);
      if (i < 0) i = n;
      else i++;
    }
    skipSpaces();
    if (i < n && header[i] !== ',') return;
    i++;
    if (code === 299 && agent) out.push({ code, agent, text });
  }
}
