/**
 * The bounds the in-memory API server puts on what one client can make it read, parse or hold.
 * A request beyond a bound gets a 4xx Status; a watcher beyond a buffer bound is closed (its
 * client sees the stream end and re-watches, as after kube-apiserver's cacher drops a slow
 * watcher). See docs/testing.md, "Limits and exposure".
 */

/** kube-apiserver's request body limit (its `--max-request-bytes` default, 3 MiB): 413 beyond. */
export const MaxRequestBodyBytes = 3 * 1024 * 1024;

/**
 * How deeply arrays and objects may nest in a request body (JSON or YAML) and in an object a
 * patch produces: 400 `exceeded max depth` beyond. kube-apiserver's decoders allow 10,000;
 * this server's recursive merge, validation and encoding stay well inside the JavaScript stack
 * at this depth, and no Kubernetes object comes near it.
 */
export const MaxNestingDepth = 512;

/** Operations one JSON patch may carry, as kube-apiserver: 413 RequestEntityTooLarge beyond. */
export const MaxJsonPatchOperations = 10_000;

/**
 * Bytes all `copy` operations of one JSON patch may add, as kube-apiserver's
 * JSONPatchMaxCopyBytes: the patch fails with 422 beyond (a few copies of a document into
 * itself would otherwise double it each time).
 */
export const MaxJsonPatchCopyBytes = 3 * 1024 * 1024;

/**
 * Bytes a single watcher may have written but not yet sent (its client not reading) before it
 * is closed; the default of the `watchBufferBytesPerWatcher` server option.
 */
export const DefaultWatchBufferBytesPerWatcher = 16 * 1024 * 1024;

/**
 * Bytes all watchers together may have pending before the one holding the most is closed
 * (repeatedly, until the total is under the bound); the default of the
 * `watchBufferBytesTotal` server option.
 */
export const DefaultWatchBufferBytesTotal = 128 * 1024 * 1024;

/**
 * Bytes of objects (measured as JSON) the watch history may hold beyond its newest event before
 * the oldest events are compacted (watches resuming from them get 410 Expired); the default of
 * the `historyBytes` server option. Without it, 50,000 updates of a 1 MB ConfigMap would be
 * kept.
 */
export const DefaultWatchHistoryBytes = 128 * 1024 * 1024;

/**
 * How long a request that is not long-running may take before it is answered 504 Timeout
 * (kube-apiserver's `--request-timeout` default), unless its `timeout` query parameter is shorter.
 */
export const DefaultRequestTimeoutMs = 60_000;
