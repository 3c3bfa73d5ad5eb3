// Refreshes the committed inputs of @kubekit/clientset's generator from the Go modules of a
// Kubernetes release (the only step that needs Go and the network; generation itself needs
// neither):
//
//   go mod download -json k8s.io/kubernetes@v1.34.4 k8s.io/apiextensions-apiserver@v0.34.4 \
//     k8s.io/kube-aggregator@v0.34.4
//   node packages/clientset/openapi/update.mjs <kubernetes dir> <apiextensions dir> <kube-aggregator dir>
//
// Writes, next to this script:
// - `<doc>_openapi.json`: the OpenAPI v3 document of every group version kube-apiserver serves
//   by default (the GA ones: alpha and beta versions are disabled by default, see
//   pkg/controlplane/instance.go), reduced: schemas kept whole (descriptions become TSDoc),
//   path operations cut to what generation reads (action, group-version-kind, body and response
//   schema references, query parameter names and types).
// - `discovery.json`: the APIResourceLists the server serves for those group versions, built
//   from the documents' paths (resources, scope, verbs, subresources) and the registries' Go
//   sources (ShortNames() and Categories() of each storage, matched to resources by kind).
import { readFileSync, readdirSync, writeFileSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [kubernetes, apiextensions, aggregator] = process.argv.slice(2);
if (!kubernetes || !apiextensions || !aggregator) {
  console.error('usage: node update.mjs <k8s.io/kubernetes dir> <apiextensions-apiserver dir> <kube-aggregator dir>');
  process.exit(2);
}

const specDir = join(kubernetes, 'api/openapi-spec/v3');
const gaDoc = /^(api__v1|apis__[a-z0-9.-]+__v\d+)_openapi\.json$/;

function jsonRef(content) {
  const media = content?.['application/json'] ?? content?.['*/*'] ?? content?.['text/plain'];
  return media?.schema;
}

function reduceOperation(op) {
  const out = {};
  for (const key of ['operationId', 'x-kubernetes-action', 'x-kubernetes-group-version-kind'])
    if (op[key] !== undefined) out[key] = op[key];
  const body = jsonRef(op.requestBody?.content);
  if (body) out.requestBody = { content: { 'application/json': { schema: body } } };
  const ok = op.responses?.['200'] ?? op.responses?.['201'];
  const res = jsonRef(ok?.content);
  const media = ok?.content?.['application/json'] ? 'application/json' : Object.keys(ok?.content ?? {})[0];
  if (res) out.responses = { 200: { description: 'OK', content: { [media]: { schema: res } } } };
  if (op.parameters) out.parameters = op.parameters.map(reduceParameter);
  return out;
}

function reduceParameter(p) {
  const out = { name: p.name, in: p.in };
  if (p.required) out.required = true;
  if (p.schema?.type) out.schema = { type: p.schema.type };
  return out;
}

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function reduceDocument(doc) {
  const paths = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    const out = {};
    for (const m of methods) if (item[m]) out[m] = reduceOperation(item[m]);
    if (item.parameters) out.parameters = item.parameters.map(reduceParameter);
    paths[path] = out;
  }
  return { openapi: doc.openapi, info: doc.info, paths, components: doc.components };
}

// --- short names and categories from the registries' Go sources

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.go') && !e.name.endsWith('_test.go') ? [join(dir, e.name)] : [],
  );
}

/** kind -> { shortNames, categories } from every storage that declares them. */
function registryNames(dirs) {
  const byKind = new Map();
  for (const file of dirs.flatMap(walk)) {
    const src = readFileSync(file, 'utf8');
    const list = (method) => {
      const m = new RegExp(`\\) ${method}\\(\\) \\[\\]string \\{\\s*return \\[\\]string\\{([^}]*)\\}`).exec(src);
      return m ? [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]) : undefined;
    };
    const shortNames = list('ShortNames');
    const categories = list('Categories');
    if (!shortNames && !categories) continue;
    // custom resources take theirs from the CRD
    if (file.includes('/registry/customresource/')) continue;
    const kind = (
      /NewFunc:\s*func\(\) runtime\.Object \{ return &\w+\.(\w+)\{\} \}/.exec(src) ??
      /\) New\(\) runtime\.Object \{\s*return &\w+\.(\w+)\{\}/.exec(src)
    )?.[1];
    if (!kind) throw new Error(`${file}: ShortNames/Categories without a kind (NewFunc or New())`);
    const prev = byKind.get(kind);
    const entry = { shortNames: shortNames ?? prev?.shortNames, categories: categories ?? prev?.categories };
    if (prev && JSON.stringify(prev) !== JSON.stringify(entry) && prev.file !== file)
      throw new Error(`${file}: kind ${kind} has other names in ${prev.file}`);
    byKind.set(kind, { ...entry, file });
  }
  return byKind;
}

const names = registryNames([
  join(kubernetes, 'pkg/registry'),
  join(apiextensions, 'pkg/registry'),
  join(aggregator, 'pkg/registry'),
]);

// --- discovery from paths

const connectVerbs = { get: 'get', post: 'create', put: 'update', delete: 'delete', patch: 'patch' };
const actionVerbs = {
  get: 'get',
  list: 'list',
  watch: 'watch',
  watchlist: 'watch',
  post: 'create',
  put: 'update',
  patch: 'patch',
  delete: 'delete',
  deletecollection: 'deletecollection',
};

function discovery(doc, groupVersion) {
  const prefix = groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`;
  const resources = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    let rest = path.slice(prefix.length).split('/').filter(Boolean);
    if (rest[0] === 'watch') rest = rest.slice(1);
    let namespaced = false;
    if (rest[0] === 'namespaces' && rest[1] === '{namespace}' && rest.length > 2) {
      namespaced = true;
      rest = rest.slice(2);
    }
    if (rest.length === 0) continue;
    const name = rest.length >= 3 ? `${rest[0]}/${rest[2]}` : rest[0];
    for (const m of methods) {
      const op = item[m];
      const action = op?.['x-kubernetes-action'];
      if (!action) continue;
      const verb = action === 'connect' ? connectVerbs[m] : actionVerbs[action];
      if (!verb) continue;
      const gvk = op['x-kubernetes-group-version-kind'];
      const r = resources.get(name) ?? { name, namespaced, verbs: new Set(), gvk };
      r.verbs.add(verb);
      r.namespaced ||= namespaced;
      if (!rest.includes('{path}') && rest.length < 3) r.gvk = gvk ?? r.gvk;
      resources.set(name, r);
    }
  }
  const [group, version] = groupVersion.includes('/') ? groupVersion.split('/') : ['', groupVersion];
  const out = [];
  for (const r of [...resources.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const sub = r.name.includes('/');
    const parent = sub ? resources.get(r.name.split('/')[0]) : r;
    const kind = r.gvk?.kind ?? parent?.gvk?.kind;
    const entry = { name: r.name, singularName: sub ? '' : kind.toLowerCase(), namespaced: parent?.namespaced ?? r.namespaced, kind };
    if (sub && r.gvk && (r.gvk.group !== group || r.gvk.version !== version)) {
      entry.group = r.gvk.group;
      entry.version = r.gvk.version;
    }
    entry.verbs = [...r.verbs].sort();
    const extra = sub ? undefined : names.get(kind);
    if (extra?.shortNames) entry.shortNames = extra.shortNames;
    if (extra?.categories) entry.categories = extra.categories;
    out.push(entry);
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: out };
}

for (const f of readdirSync(here)) if (f.endsWith('_openapi.json')) unlinkSync(join(here, f));
const lists = [];
for (const file of readdirSync(specDir).filter((f) => gaDoc.test(f)).sort()) {
  const doc = JSON.parse(readFileSync(join(specDir, file), 'utf8'));
  const reduced = reduceDocument(doc);
  writeFileSync(join(here, file), `${JSON.stringify(reduced, null, 1)}\n`);
  const groupVersion = file === 'api__v1_openapi.json' ? 'v1' : file.replace(/^apis__/, '').replace(/_openapi\.json$/, '').replace('__', '/');
  lists.push(discovery(reduced, groupVersion));
}
writeFileSync(join(here, 'discovery.json'), `${JSON.stringify(lists, null, 1)}\n`);
console.log(`wrote ${lists.length} documents and discovery.json to ${here}`);
