/**
 * @kubekit/codegen: `kubekit-gen`, client-go's client-gen, lister-gen and informer-gen in one
 * tool. From CustomResourceDefinition YAML, OpenAPI v3 documents (files, or a live cluster's
 * `/openapi/v3`) or a resource table of existing model types it
 * writes TypeScript types, typed clients over @kubekit/clientset's runtime, typed informers
 * and listers over @kubekit/cache, and `addToScheme` for @kubekit/apimachinery.
 * @packageDocumentation
 */
export type { CodegenErrorReason, CodegenErrorLocation } from './codegen-error';
export { CodegenError } from './codegen-error';
export type { GeneratedFile, GenerationModel, GroupVersionModel, ResourceModel } from './model';
export type { GenerateFromCrdsOptions } from './generate';
export {
  generateFiles,
  generateFromCrds,
  generateFromTable,
  GeneratedHeader,
  DefaultRuntimeModule,
} from './generate';
export type { YamlDocument } from './yaml-documents';
export { parseYamlDocuments } from './yaml-documents';
export type { ResourceTable, ResourceTableRow } from './resource-table';
export { readYamlInputs, readJsonInputs, readJson, writeOutput, verifyOutput } from './output';
export type { GenerateFromOpenApiOptions } from './generate-openapi';
export { generateFromOpenApi } from './generate-openapi';
export type { OpenApiInput, OpenApiSpec, OpenApiOperation, OpenApiGvk } from './openapi-document';
export { readOpenApi } from './openapi-document';
export type { ApiResource, ApiResourceList } from './openapi-resources';
export { resourcesFromPaths, withDiscovery } from './openapi-resources';
export { unifiedDiff } from './unified-diff';
export { accessorName, camelCase, groupVersionAccessor } from './names';
export type { CliStreams } from './run-cli';
export { runCli, Usage } from './run-cli';
export type { CliProgram } from './cli-main';
export { runCliMain } from './cli-main';
