import { parseAllDocuments } from 'yaml';
import { CodegenError } from './codegen-error';

/** One YAML document of a file, as plain JSON; `null` for an empty document. */
export interface YamlDocument {
  file: string;
  index: number;
  value: unknown;
}

/**
 * Parses every document of a multi-document YAML text.
 *
 * @throws {@link CodegenError} `InvalidYaml` naming the file, the document and the line.
 */
export function parseYamlDocuments(text: string, file: string): YamlDocument[] {
  return parseAllDocuments(text).map((doc, index) => {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0];
      throw new CodegenError(
        'InvalidYaml',
        `not valid YAML${line ? ` (line ${line.line}, column ${line.col})` : ''}: ${error.message.split('\n')[0]}`,
        { file, documentIndex: index },
        { cause: error },
      );
    }
    return { file, index, value: doc.toJSON() as unknown };
  });
}
