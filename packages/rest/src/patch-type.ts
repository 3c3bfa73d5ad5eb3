/**
 * The patch formats kube-apiserver accepts, as the Content-Type each is sent with.
 *
 * - `JSONPatch`: RFC 6902 operations (`[{ op: 'replace', path: '/spec/replicas', value: 3 }]`).
 * - `MergePatch`: RFC 7386 JSON merge patch (lists are replaced whole).
 * - `StrategicMergePatch`: Kubernetes strategic merge (lists merged by key); built-in types only.
 * - `ApplyPatch`: server-side apply; needs a field manager (`.fieldManager(name)`), `.force()` to
 *   take over conflicting fields. JSON is valid YAML, so objects are sent as JSON.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/types/patch.go
 */
export const PatchType = {
  JSONPatch: 'application/json-patch+json',
  MergePatch: 'application/merge-patch+json',
  StrategicMergePatch: 'application/strategic-merge-patch+json',
  ApplyPatch: 'application/apply-patch+yaml',
} as const;

/** One of the {@link PatchType} content types. */
export type PatchType = (typeof PatchType)[keyof typeof PatchType];
