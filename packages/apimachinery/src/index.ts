/**
 * @kubekit/apimachinery: the Kubernetes API machinery shared by every kubekit package. No I/O.
 * @packageDocumentation
 */
export type {
  Time,
  TypeMeta,
  ObjectMeta,
  ListMeta,
  OwnerReference,
  ManagedFieldsEntry,
  KubeObject,
  KubeList,
  Status,
  StatusDetails,
  StatusCause,
  WatchEvent,
  WatchEventType,
  Condition,
} from './meta';
export { StatusReason, InitialEventsEndAnnotation } from './meta';
export type { WatchEventBatchSource } from './watch-event-batches';
export { watchEventBatches, watchEventBatchesOf } from './watch-event-batches';
export { KubekitError } from './kubekit-error';
export { ReasonedError } from './reasoned-error';
export type { GroupVersionErrorReason } from './group-version-error';
export { GroupVersionError } from './group-version-error';
export type { SchemeErrorReason } from './scheme-error';
export { SchemeError } from './scheme-error';
export { ObjectKeyError } from './object-key-error';
export type { WaitTimeoutReason } from './wait-timeout-error';
export { WaitTimeoutError } from './wait-timeout-error';
export { StatusError } from './status-error';
export {
  statusErrorFromResponse,
  newGenericServerResponse,
  CauseTypeUnexpectedServerResponse,
  MaxUnstructuredResponseTextBytes,
} from './generic-server-response';
export type { ResponseContext, GenericServerResponse } from './generic-server-response';
export {
  reasonForError,
  isNotFound,
  isAlreadyExists,
  isConflict,
  isInvalid,
  isGone,
  isResourceExpired,
  isTooManyRequests,
  isForbidden,
  isUnauthorized,
  isTimeout,
  isServerTimeout,
  isInternalError,
  isBadRequest,
  isServiceUnavailable,
  isMethodNotSupported,
  suggestsClientDelay,
} from './status-predicates';
export type { FieldError } from './status-errors';
export {
  newNotFound,
  newAlreadyExists,
  newConflict,
  OptimisticLockErrorMsg,
  newInvalid,
  newBadRequest,
  newGone,
  newResourceExpired,
  newForbidden,
  newUnauthorized,
  newTooManyRequests,
  newInternalError,
  newServiceUnavailable,
  newMethodNotSupported,
} from './status-errors';
export type {
  GroupVersion,
  GroupKind,
  GroupResource,
  GroupVersionKind,
  GroupVersionResource,
} from './group-version';
export {
  parseGroupVersion,
  formatGroupVersion,
  apiVersionOf,
  formatGroupVersionKind,
  formatGroupVersionResource,
  formatGroupResource,
  formatGroupKind,
  parseGroupResource,
  parseGroupKind,
  fromAPIVersionAndKind,
  gvkFromObject,
  setGroupVersionKind,
  gvEquals,
  gvkEquals,
  gvrEquals,
  compareKubeAwareVersions,
} from './group-version';
export {
  isQualifiedName,
  isValidLabelValue,
  isDNS1123Label,
  isDNS1123Subdomain,
  LabelValueMaxLength,
  DNS1123LabelMaxLength,
  DNS1123SubdomainMaxLength,
} from './validation';
export type { SelectorParseErrorReason, SelectorParseErrorOptions } from './selector-parse-error';
export { SelectorParseError } from './selector-parse-error';
export type {
  Requirement,
  RequirementOperator,
  Selector,
  LabelSelector,
  LabelSelectorRequirement,
  LabelSelectorOperator,
} from './label-selector';
export {
  parseSelector,
  selectorFromSet,
  selectorFromLabelSelector,
  everything,
  nothing,
  newRequirement,
} from './label-selector';
export type { LabelSet } from './labels';
export {
  labelSetString,
  formatLabels,
  labelsConflict,
  mergeLabels,
  labelsEqual,
  selectorFromValidatedSet,
} from './labels';
export type { FieldRequirement, FieldSelector, FieldSet } from './field-selector';
export {
  parseFieldSelector,
  fieldSelectorFromSet,
  fieldSetString,
  escapeFieldValue,
  unescapeFieldValue,
} from './field-selector';
export { formatGoDuration, parseGoDuration } from './go-duration';
export type { Clock, TimerHandle } from './clock';
export { realClock, sleepOn, abortError, isAbortError } from './clock';
export type { FakeClockOptions } from './fake-clock';
export { FakeClock } from './fake-clock';
export type {
  BackoffOptions,
  BackoffManager,
  JitteredBackoffOptions,
  ExponentialBackoffManagerOptions,
} from './backoff';
export { Backoff, jitter, jitteredBackoffManager, exponentialBackoffManager } from './backoff';
export { WaitOptionsError } from './wait-options-error';
export type {
  ConditionFunc,
  LoopFunc,
  WaitOptions,
  BackoffUntilOptions,
  JitterUntilOptions,
  PollOptions,
} from './wait';
export { exponentialBackoff, backoffUntil, jitterUntil, pollUntil } from './wait';
export { DefaultRetry, DefaultBackoff, onError, retryOnConflict } from './retry';
export type { KindRegistration, KindInfo, Converter, ConversionRegistration } from './scheme';
export { Scheme } from './scheme';
export { metaNamespaceKey, splitMetaNamespaceKey } from './meta-namespace-key';
export { getControllerOf, isControlledBy, newControllerRef } from './controller-ref';
export {
  formatTime,
  findCondition,
  isConditionTrue,
  setCondition,
  removeCondition,
} from './conditions';
