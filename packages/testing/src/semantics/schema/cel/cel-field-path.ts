import { additionalPropertiesSchema, type JSONSchemaProps } from '../json-schema-props';

/**
 * The `fieldPath` of an x-kubernetes-validations rule: a JSON path of field names (`.a.b`) and
 * quoted keys (`['a.b']`, `.m['key']`) relative to the rule's node, naming a field its schema
 * declares. Returns the normalized field-error path (`a.b`, `m[key]`) or why it is invalid, as
 * apiextensions' `ValidFieldPath` does.
 *
 * @see https://github.com/kubernetes/apiextensions-apiserver/blob/master/pkg/apiserver/schema/cel/validation.go
 */
export function normalizeFieldPath(
  path: string,
  schema: JSONSchemaProps,
): { path: string } | { error: string } {
  const tokens = path.match(/'(?:[^'\\]|\\.)*'|[.[\]]|[^.[\]']+/g) ?? [];
  let out = '';
  let s: JSONSchemaProps | undefined = schema;
  const step = (name: string): string | undefined => {
    if (!s) return 'does not refer to a valid field';
    if (s.properties) {
      if (!Object.hasOwn(s.properties, name)) return 'does not refer to a valid field';
      s = s.properties[name];
      out = out ? `${out}.${name}` : name;
      return undefined;
    }
    const additional = additionalPropertiesSchema(s);
    if (!additional) return 'does not refer to a valid field';
    s = additional;
    out = `${out}[${name}]`;
    return undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    let problem: string | undefined;
    if (tok === '.') {
      const name = tokens[++i];
      if (name === undefined) return { error: 'unexpected end of JSON path' };
      problem = step(name);
    } else if (tok === '[') {
      const quoted = tokens[++i];
      if (quoted === undefined) return { error: 'unexpected end of JSON path' };
      if (quoted.length < 2 || !quoted.startsWith("'") || !quoted.endsWith("'"))
        return { error: `expected single quoted string but got ${quoted}` };
      problem = step(quoted.slice(1, -1).replace(/\\(.)/g, '$1'));
      if (tokens[++i] !== ']') return { error: `expected ] but got ${tokens[i] ?? ''}` };
    } else return { error: `expected [ or . but got: ${tok}` };
    if (problem) return { error: problem };
  }
  return { path: out };
}
