// Refreshes the committed inputs of @kubekit/clientset's generator (packages/clientset/openapi)
// from the Go modules of a Kubernetes release: the only step that needs Go and the network;
// generation itself needs neither.
//
//   go mod download -json k8s.io/kubernetes@v1.34.4 k8s.io/apiextensions-apiserver@v0.34.4 \
//     k8s.io/kube-aggregator@v0.34.4
//   node scripts/with-node.mjs tsx --conditions=@kubekit/source scripts/update-openapi.ts \
//     <kubernetes dir> <apiextensions-apiserver dir> <kube-aggregator dir>
//
// Writes:
// - `<doc>_openapi.json`: the OpenAPI v3 document of every group version kube-apiserver serves
//   by default (the GA ones: alpha and beta versions are disabled by default, see
//   pkg/controlplane/instance.go), reduced: schemas kept whole (descriptions become TSDoc),
//   path operations cut to what generation reads (action, group-version-kind, body and response
//   schema references, query parameter names and types).
// - `discovery.json`: the APIResourceLists of those group versions: what kubekit-gen reads from
//   the paths (resources, scope, verbs, subresources), with the short names and categories of
//   the registries' Go sources (ShortNames() and Categories() of each storage, matched by kind).
import { readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOpenApi, resourcesFromPaths } from '@kubekit/codegen';

const out = join(__dirname, '..', 'packages', 'clientset', 'openapi');
const [kubernetes, apiextensions, aggregator] = process.argv.slice(2);
if (!kubernetes || !apiextensions || !aggregator) {
  console.error(
    'usage: update-openapi.ts <k8s.io/kubernetes dir> <apiextensions-apiserver dir> <kube-aggregator dir>',
  );
  process.exit(2);
}

type Json = Record<string, any>;
const specDir = join(kubernetes, 'api/openapi-spec/v3');
const gaDoc = /^(api__v1|apis__[a-z0-9.-]+__v\d+)_openapi\.json$/;
const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function jsonSchema(content: Json | undefined): Json | undefined {
  const media = content?.['application/json'] ?? content?.['*/*'] ?? content?.['text/plain'];
  return media?.schema;
}

function reduceParameter(p: Json): Json {
  return {
    name: p.name,
    in: p.in,
    ...(p.required ? { required: true } : {}),
    ...(p.schema?.type ? { schema: { type: p.schema.type } } : {}),
  };
}

function reduceOperation(op: Json): Json {
  const out: Json = {};
  for (const key of ['operationId', 'x-kubernetes-action', 'x-kubernetes-group-version-kind'])
    if (op[key] !== undefined) out[key] = op[key];
  const body = jsonSchema(op.requestBody?.content);
  if (body) out.requestBody = { content: { 'application/json': { schema: body } } };
  const ok = op.responses?.['200'] ?? op.responses?.['201'];
  const res = jsonSchema(ok?.content);
  const media = ok?.content?.['application/json']
    ? 'application/json'
    : Object.keys(ok?.content ?? {})[0]!;
  if (res) out.responses = { 200: { description: 'OK', content: { [media]: { schema: res } } } };
  if (op.parameters) out.parameters = op.parameters.map(reduceParameter);
  return out;
}

function reduceDocument(doc: Json): Json {
  const paths: Json = {};
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    const reduced: Json = {};
    for (const m of methods) if (item[m]) reduced[m] = reduceOperation(item[m]);
    if (item.parameters) reduced.parameters = item.parameters.map(reduceParameter);
    paths[path] = reduced;
  }
  return { openapi: doc.openapi, info: doc.info, paths, components: doc.components };
}

function goFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? goFiles(join(dir, e.name))
      : e.name.endsWith('.go') && !e.name.endsWith('_test.go')
        ? [join(dir, e.name)]
        : [],
  );
}

/** kind -> short names and categories, from every storage that declares them. */
function registryNames(dirs: string[]) {
  const byKind = new Map<string, { shortNames?: string[]; categories?: string[]; file: string }>();
  for (const file of dirs.flatMap(goFiles)) {
    // custom resources take theirs from the CRD
    if (file.includes('/registry/customresource/')) continue;
    const src = readFileSync(file, 'utf8');
    const list = (method: string) => {
      const m = new RegExp(
        `\\) ${method}\\(\\) \\[\\]string \\{\\s*return \\[\\]string\\{([^}]*)\\}`,
      ).exec(src);
      return m ? [...m[1]!.matchAll(/"([^"]+)"/g)].map((x) => x[1]!) : undefined;
    };
    const shortNames = list('ShortNames');
    const categories = list('Categories');
    if (!shortNames && !categories) continue;
    const kind = (/NewFunc:\s*func\(\) runtime\.Object \{ return &\w+\.(\w+)\{\} \}/.exec(src) ??
      /\) New\(\) runtime\.Object \{\s*return &\w+\.(\w+)\{\}/.exec(src))?.[1];
    if (!kind) throw new Error(`${file}: ShortNames/Categories without a kind (NewFunc or New())`);
    const prev = byKind.get(kind);
    if (prev && prev.file !== file)
      throw new Error(`${file}: kind ${kind} also has names in ${prev.file}`);
    byKind.set(kind, {
      shortNames: shortNames ?? prev?.shortNames,
      categories: categories ?? prev?.categories,
      file,
    });
  }
  return byKind;
}

const names = registryNames([
  join(kubernetes, 'pkg/registry'),
  join(apiextensions, 'pkg/registry'),
  join(aggregator, 'pkg/registry'),
]);

for (const f of readdirSync(out)) if (f.endsWith('_openapi.json')) unlinkSync(join(out, f));
const inputs = readdirSync(specDir)
  .filter((f) => gaDoc.test(f))
  .sort()
  .map((file) => {
    const value = reduceDocument(JSON.parse(readFileSync(join(specDir, file), 'utf8')));
    writeFileSync(join(out, file), `${JSON.stringify(value, null, 1)}\n`);
    return { source: file, value };
  });
const lists = resourcesFromPaths(readOpenApi(inputs)).map((l) => ({
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: l.groupVersion,
  resources: l.resources.map((r) => {
    const extra = r.name.includes('/') ? undefined : names.get(r.kind);
    return {
      ...r,
      ...(extra?.shortNames ? { shortNames: extra.shortNames } : {}),
      ...(extra?.categories ? { categories: extra.categories } : {}),
    };
  }),
}));
writeFileSync(join(out, 'discovery.json'), `${JSON.stringify(lists, null, 1)}\n`);
console.log(`wrote ${inputs.length} documents and discovery.json to ${out}`);
