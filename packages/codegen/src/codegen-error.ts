import { ReasonedError } from '@kubekit/apimachinery';

/**
 * Why kubekit-gen refused its input or its output directory:
 * - `InvalidYaml`: a document is not valid YAML.
 * - `NotACrd`: a document is not an `apiextensions.k8s.io/v1` CustomResourceDefinition.
 * - `InvalidCrd`: a CRD misses a required field (group, names, versions, ...).
 * - `MissingSchema`: a served version has no `schema.openAPIV3Schema`.
 * - `Unsupported`: a schema construct kubekit-gen cannot type (e.g. `$ref`, a non-structural
 *   schema, `properties` together with `additionalProperties`).
 * - `InvalidTable`: a resource table row is malformed.
 * - `InvalidOpenApi`: an OpenAPI v3 document (or a discovery document) is malformed.
 * - `Conflict`: two inputs define the same kind, or names clash.
 * - `UnsafeOutput`: the output directory holds files kubekit-gen did not write.
 * - `Io`: reading an input or writing the output failed.
 * - `Usage`: the command line is malformed.
 */
export type CodegenErrorReason =
  | 'InvalidYaml'
  | 'NotACrd'
  | 'InvalidCrd'
  | 'MissingSchema'
  | 'Unsupported'
  | 'InvalidTable'
  | 'InvalidOpenApi'
  | 'Conflict'
  | 'UnsafeOutput'
  | 'Io'
  | 'Usage';

/** Where in the input an error is. */
export interface CodegenErrorLocation {
  /** The input file. */
  file?: string;
  /** The 0-based index of the YAML document in the file. */
  documentIndex?: number;
  /** The JSON path in the document, e.g. `spec.versions[0].schema.openAPIV3Schema.properties.spec`. */
  path?: string;
}

/**
 * An error of kubekit-gen; its message names the file, document index and JSON path of the
 * offending input.
 */
export class CodegenError extends ReasonedError<CodegenErrorReason> {
  static override readonly brand: string = '@kubekit/codegen/CodegenError';

  /** The input file, when the error is about one. */
  readonly file: string | undefined;
  /** The 0-based document index in {@link CodegenError.file}. */
  readonly documentIndex: number | undefined;
  /** The JSON path in the document. */
  readonly path: string | undefined;

  constructor(
    reason: CodegenErrorReason,
    message: string,
    location: CodegenErrorLocation = {},
    options?: { cause?: unknown },
  ) {
    super(reason, formatMessage(message, location), options);
    this.file = location.file;
    this.documentIndex = location.documentIndex;
    this.path = location.path;
  }
}

function formatMessage(
  message: string,
  { file, documentIndex, path }: CodegenErrorLocation,
): string {
  const where = [
    file,
    documentIndex === undefined ? undefined : `document ${documentIndex}`,
    path ? `at ${path}` : undefined,
  ].filter((p) => p !== undefined);
  return where.length ? `${where.join(', ')}: ${message}` : message;
}
