/**
 * CRD schema machinery of the in-memory API server: validation of custom resources against their
 * OpenAPI v3 schema, pruning of unknown fields, defaulting, the structural-schema check done when
 * a CRD is created, x-kubernetes-validations (CEL) rules, and kube's name validators. Internal to @kubekit/testing.
 */
export type { JSONSchemaProps } from './json-schema-props';
export type { SchemaValidationOptions } from './validation';
export { validateAgainstSchema } from './validation';
export { validateEmbeddedResource } from './embedded-resource';
export type { NameRule, ObjectMetaNameOptions } from './name-validation';
export {
  isDNS1123Label,
  isDNS1123Subdomain,
  isDNS1035Label,
  validateObjectMetaName,
  regexError,
  maxLenError,
  DNS1123LabelMaxLength,
  DNS1123SubdomainMaxLength,
} from './name-validation';
export {
  invalid,
  typeInvalid,
  required,
  forbidden,
  notSupported,
  duplicate,
  tooLong,
  tooMany,
  formatBadValue,
} from './field-error';
export { matchesFormat } from './formats';
export type { PruneResult, PruneOptions } from './prune';
export { pruneUnknownFields } from './prune';
export { applySchemaDefaults } from './defaults';
export type { StructuralOptions } from './structural';
export { validateSchemaIsStructural } from './structural';
export { objectMetaFields } from './object-meta-fields';
export { hasValidationRules, validateCelRules } from './cel/cel-validation';
export { validateSchemaRules } from './cel/cel-rule-checks';
