import type { RestConfig } from '../config';

/** The `Impersonate-*` headers of a config's `impersonate` (none when it is unset). */
export function impersonationHeaders(config: RestConfig): Record<string, string | string[]> {
  const imp = config.impersonate;
  const h: Record<string, string | string[]> = {};
  if (!imp) return h;
  if (imp.user) h['impersonate-user'] = imp.user;
  if (imp.uid) h['impersonate-uid'] = imp.uid;
  if (imp.groups?.length) h['impersonate-group'] = imp.groups;
  for (const [k, v] of Object.entries(imp.extra ?? {}))
    h[`impersonate-extra-${encodeURIComponent(k)}`] = v;
  return h;
}
