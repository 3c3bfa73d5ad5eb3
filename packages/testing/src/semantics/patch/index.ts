/**
 * Patch engines of the in-memory API server: JSON Patch, JSON Merge Patch, strategic merge
 * patch and server-side apply, with kube-apiserver's semantics and error answers.
 * Internal to @kubekit/testing.
 */
export type { JsonValue, JsonObject } from '../json';
export { isJsonObject, jsonEqual, cloneJson, ownValue, setOwn } from '../json';
export type { PatchErrorReason } from './patch-error';
export { PatchError, GenericUnprocessableMessage } from './patch-error';
export type { JsonPatchOperation } from './json-patch';
export {
  applyJsonPatch,
  decodeJsonPatch,
  parseJsonPointer,
  MaxJsonPatchOperations,
} from './json-patch';
export { applyMergePatch } from './merge-patch';
export type { TypeNode } from './patch-meta';
export { builtinTypeNode, typeNodeFromSchema, isBuiltinGroup } from './patch-meta';
export type { StrategicMergePatchOptions } from './strategic-merge-patch';
export {
  applyStrategicMergePatch,
  supportsStrategicMergePatch,
  unsupportedStrategicMergePatch,
  CustomResourcePatchTypes,
} from './strategic-merge-patch';
export type { FieldPath } from './field-set';
export { FieldSet, fieldElement, formatFieldPath } from './field-set';
export type { ManagerEntry, ApplyConflict } from './managed-fields';
export {
  newApplyConflictError,
  decodeManagedFields,
  encodeManagedFields,
  formatTime,
} from './managed-fields';
export type {
  TypeSource,
  ServerSideApplyOptions,
  ServerSideApplyResult,
  RecordUpdateOptions,
} from './server-side-apply';
export { serverSideApply, recordUpdateManager, BeforeFirstApplyManager } from './server-side-apply';
