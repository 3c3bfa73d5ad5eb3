/** A value as Go's `%v` would print it, close enough for event messages. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.message;
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/**
 * Go's `fmt.Sprintf` for the verbs event messages use: `%v %s %d %q %f %t %x %%`, with an
 * optional precision for `%f` (`%.2f`). Missing arguments print `%!v(MISSING)`, extra ones are
 * appended as `%!(EXTRA ...)`, like Go.
 */
export function sprintf(format: string, args: readonly unknown[]): string {
  let next = 0;
  let out = format.replace(
    /%(?:\.(\d+))?([vsdqftx%])/g,
    (_, precision: string | undefined, verb: string) => {
      if (verb === '%') return '%';
      if (next >= args.length) return `%!${verb}(MISSING)`;
      const arg = args[next++];
      switch (verb) {
        case 'd':
          return typeof arg === 'number' || typeof arg === 'bigint'
            ? String(typeof arg === 'number' ? Math.trunc(arg) : arg)
            : `%!d(${formatValue(arg)})`;
        case 'q':
          return JSON.stringify(formatValue(arg));
        case 'f':
          return Number(arg).toFixed(precision === undefined ? 6 : Number(precision));
        case 't':
          return String(Boolean(arg));
        case 'x':
          return typeof arg === 'number'
            ? Math.trunc(arg).toString(16)
            : Buffer.from(formatValue(arg)).toString('hex');
        default:
          return formatValue(arg);
      }
    },
  );
  if (next < args.length) out += `%!(EXTRA ${args.slice(next).map(formatValue).join(', ')})`;
  return out;
}
