/**
 * Writes the modules of one group version: `types.ts` (CRD input), `client.ts` (resource infos,
 * typed client facades, the group client), `informers.ts`, `register.ts` and `index.ts`.
 *
 * @see https://github.com/kubernetes/code-generator (client-gen, lister-gen, informer-gen)
 * @packageDocumentation
 */
import { posix } from 'node:path';
import type { GroupVersionModel, ResourceModel } from './model';
import { accessorName, groupVersionDir, pascalCase } from './names';
import { doc } from './schema-types';

/** The packages generated code imports (besides the clientset runtime). */
export const Modules = {
  apimachinery: '@kubekit/apimachinery',
  rest: '@kubekit/rest',
  cache: '@kubekit/cache',
} as const;

/** The names generated for a group version, shared with the root emitter. */
export interface GroupVersionNames {
  /** `kubeflowV1`: the accessor on Clientset and the informer factory. */
  accessor: string;
  /** `KubeflowV1Client`. */
  clientClass: string;
  /** `KubeflowV1Informers`. */
  informersClass: string;
  /** `kubeflow.org/v1`. */
  dir: string;
}

/** The names of a group version given its clientset accessor. */
export function groupVersionNames(gv: GroupVersionModel, accessor: string): GroupVersionNames {
  const pascal = pascalCase(accessor);
  return {
    accessor,
    clientClass: `${pascal}Client`,
    informersClass: `${pascal}Informers`,
    dir: groupVersionDir(gv.group, gv.version),
  };
}

/**
 * The specifier of a generated sibling module (`./client`): with the `.js` extension Node ESM
 * and `moduleResolution: nodenext` require of relative imports (bundlers and tsc's bundler and
 * commonjs modes resolve it to the `.ts` source too).
 */
export const local = (path: string): string => `./${path}.js`;

/**
 * The import specifier of `module` from a file in `fromDir` (both relative to the output
 * directory); package names are returned as they are, relative paths name a module file and
 * get the `.js` extension unless they carry one (`../runtime` -> `../../../runtime.js`).
 */
export function importPath(module: string, fromDir: string): string {
  if (!module.startsWith('.')) return module;
  const rel = posix.relative(fromDir, posix.normalize(module));
  const file = /\.[cm]?js$/.test(rel) ? rel : `${rel}.js`;
  return file.startsWith('.') ? file : `./${file}`;
}

const apiVersion = (gv: GroupVersionModel) => (gv.group ? `${gv.group}/${gv.version}` : gv.version);

/** `tfJobsResource`. */
const infoName = (r: ResourceModel) => `${accessorName(r.kind, r.plural)}Resource`;
/** `TFJobInterface`. */
const interfaceName = (r: ResourceModel) => `${r.kind}Interface`;

/** The client methods of each discovery verb. */
const verbMethods: Record<string, string[]> = {
  get: ['get'],
  list: ['list', 'listAll'],
  watch: ['watch'],
  create: ['create'],
  update: ['update'],
  patch: ['patch', 'apply'],
  delete: ['delete'],
  deletecollection: ['deleteCollection'],
};

/** The method sets a resource's facade leaves out: unserved subresources, then missing verbs. */
function omitted(r: ResourceModel): string[] {
  const out: string[] = [];
  if (!r.subresources.includes('status')) out.push('StatusMethods');
  if (!r.subresources.includes('scale')) out.push('ScaleMethods');
  for (const [verb, methods] of Object.entries(verbMethods))
    if (r.verbs && !r.verbs.includes(verb)) out.push(...methods.map((m) => `'${m}'`));
  return out;
}

/** True when a resource can be listed and watched, so it gets an informer and a lister. */
export function informable(r: ResourceModel): boolean {
  return !r.verbs || (r.verbs.includes('list') && r.verbs.includes('watch'));
}

function typeImports(gv: GroupVersionModel, names: GroupVersionNames, types: string[]): string {
  const module = 'module' in gv.types ? importPath(gv.types.module, names.dir) : local('types');
  return `import type { ${[...new Set(types)].sort().join(', ')} } from '${module}';`;
}

/** A module's text: imports (one per line), then the declarations separated by blank lines. */
export function moduleText(imports: string[], declarations: string[]): string {
  return `${imports.join('\n')}\n\n${declarations.join('\n\n')}`;
}

function listType(r: ResourceModel): string {
  return r.listTypeName ?? `KubeList<${r.typeName}>`;
}

/** `types.ts`: the declarations generated from the schemas. */
export function emitTypes(gv: GroupVersionModel): string | undefined {
  if (!('declarations' in gv.types)) return undefined;
  const { declarations } = gv.types;
  // only the names the declarations use, so `noUnusedLocals` projects compile it too
  const code = declarations.replace(/\/\*[\s\S]*?\*\//g, '');
  const used = ['KubeList', 'KubeObject', 'ObjectMeta'].filter((name) =>
    new RegExp(`\\b${name}\\b`).test(code),
  );
  const imports = used.length
    ? [`import type { ${used.join(', ')} } from '${Modules.apimachinery}';`]
    : [];
  return moduleText(imports, [declarations]);
}

/** `client.ts`: resource infos, typed facades and the group client. */
export function emitClient(
  gv: GroupVersionModel,
  names: GroupVersionNames,
  runtime: string,
): string {
  const rs = gv.resources;
  const classes = [...new Set(rs.map((r) => r.clientClass))];
  const omits = [...new Set(rs.flatMap(omitted))].filter((o) => !o.startsWith("'"));
  const runtimeNames = [...classes, 'type ResourceInfo', ...omits.map((o) => `type ${o}`)].sort(
    (a, b) => a.replace('type ', '').localeCompare(b.replace('type ', '')),
  );
  const needsKubeList = rs.some((r) => r.listTypeName === undefined);
  const imports: string[] = [];
  if (needsKubeList) imports.push(`import type { KubeList } from '${Modules.apimachinery}';`);
  imports.push(`import type { RESTClient } from '${Modules.rest}';`);
  imports.push(`import { ${runtimeNames.join(', ')} } from '${importPath(runtime, names.dir)}';`);
  imports.push(
    typeImports(
      gv,
      names,
      rs.flatMap((r) => (r.listTypeName ? [r.typeName, r.listTypeName] : [r.typeName])),
    ),
  );
  const out: string[] = [];
  for (const r of rs) {
    const subs = r.subresources.length ? `; subresources: ${r.subresources.join(', ')}` : '';
    out.push(
      `${doc([`${apiVersion(gv)} ${r.kind}: resource \`${r.plural}\`, ${r.namespaced ? 'namespaced' : 'cluster-scoped'}${subs}.`])}` +
        `export const ${infoName(r)}: ResourceInfo<${r.typeName}> = ${JSON.stringify({
          group: gv.group,
          version: gv.version,
          kind: r.kind,
          plural: r.plural,
          singular: r.singular,
          listKind: r.listKind,
          namespaced: r.namespaced,
          shortNames: r.shortNames,
          subresources: r.subresources,
          ...(r.categories?.length ? { categories: r.categories } : {}),
          ...(r.verbs ? { verbs: r.verbs } : {}),
        })};`,
    );
    const base = `${r.clientClass}<${r.typeName}, ${listType(r)}>`;
    const o = omitted(r);
    const subMethods = o.filter((m) => !m.startsWith("'"));
    const verbs = o.filter((m) => m.startsWith("'"));
    const without = [
      subMethods.length
        ? `the ${subMethods.map((m) => (m === 'StatusMethods' ? 'status' : 'scale')).join(' and ')} subresource methods`
        : '',
      verbs.length
        ? `${verbs.map((m) => `\`${m.slice(1, -1)}\``).join(', ')} (verbs not served)`
        : '',
    ].filter(Boolean);
    const withoutText = without.length
      ? ` without ${without.join(' and ')}${verbs.length ? '' : ' (not served)'}`
      : '';
    out.push(
      `${doc([`The typed client of ${r.kind} objects: {@link ${r.clientClass}}${withoutText}.`])}` +
        `export type ${interfaceName(r)} = ${o.length ? `Omit<${base}, ${o.join(' | ')}>` : base};`,
    );
  }
  const methods = rs.map((r) => {
    const ns = r.namespaced;
    return (
      doc([
        ns
          ? `${r.kind} objects in \`namespace\`; omitted or \`''\`: all namespaces (list, watch) and each object's own namespace (create, update, apply).`
          : `${r.kind} objects (cluster-scoped).`,
      ]) +
      `${accessorName(r.kind, r.plural)}(${ns ? "namespace = ''" : ''}): ${interfaceName(r)} {\n` +
      `return new ${r.clientClass}<${r.typeName}, ${listType(r)}>({ client: this.restClient, resource: ${infoName(r)}${ns ? ', namespace' : ''} });\n}`
    );
  });
  out.push(
    `${doc([`Typed clients of the ${apiVersion(gv)} resources; every request goes through one RESTClient.`])}` +
      `export class ${names.clientClass} {\n` +
      `/** The client every request goes through. */\nreadonly restClient: RESTClient;\n\n` +
      `/** Wraps \`restClient\` (share one per API server). */\nconstructor(restClient: RESTClient) {\nthis.restClient = restClient;\n}\n\n` +
      `${methods.join('\n\n')}\n}`,
  );
  return moduleText(imports, out);
}

/** `informers.ts`: typed informers and listers over a shared informer factory. */
export function emitInformers(
  gv: GroupVersionModel,
  names: GroupVersionNames,
  runtime: string,
): string {
  const rs = gv.resources.filter(informable);
  const imports = rs.length
    ? [
        `import type { DynamicSharedInformerFactory, GenericInformer } from '${Modules.cache}';`,
        `import { informerFor } from '${importPath(runtime, names.dir)}';`,
        `import { ${rs.map(infoName).sort().join(', ')} } from '${local('client')}';`,
        typeImports(
          gv,
          names,
          rs.map((r) => r.typeName),
        ),
      ]
    : [`import type { DynamicSharedInformerFactory } from '${Modules.cache}';`];
  const out: string[] = [];
  const methods = rs.map(
    (r) =>
      doc([
        `The shared informer of ${r.kind} objects and a lister over its cache (created on first use).`,
      ]) +
      `${accessorName(r.kind, r.plural)}(): GenericInformer<${r.typeName}> {\nreturn informerFor<${r.typeName}>(this.factory, ${infoName(r)});\n}`,
  );
  out.push(
    `${doc([`Typed shared informers of the ${apiVersion(gv)} resources, kept in a shared informer factory of @kubekit/cache.`])}` +
      `export class ${names.informersClass} {\n` +
      `/** The factory the informers live in (and are started and stopped with). */\nreadonly factory: DynamicSharedInformerFactory;\n\n` +
      `/** Typed access to the informers of \`factory\`. */\nconstructor(factory: DynamicSharedInformerFactory) {\nthis.factory = factory;\n}\n\n` +
      `${methods.join('\n\n')}\n}`,
  );
  return moduleText(imports, out);
}

/** `register.ts`: addToScheme. */
export function emitRegister(
  gv: GroupVersionModel,
  names: GroupVersionNames,
  runtime: string,
): string {
  const infos = gv.resources.map(infoName).sort();
  return moduleText(
    [
      `import type { Scheme } from '${Modules.apimachinery}';`,
      `import { registerResources } from '${importPath(runtime, names.dir)}';`,
      `import { ${infos.join(', ')} } from '${local('client')}';`,
    ],
    [
      `${doc([`Registers the kinds of ${apiVersion(gv)} in \`scheme\` (kinds already registered are kept).`])}` +
        `export function addToScheme(scheme: Scheme): void {\nregisterResources(scheme, [${infos.join(', ')}]);\n}`,
    ],
  );
}

/** `index.ts`: the group version's public names. */
export function emitGroupIndex(gv: GroupVersionModel, names: GroupVersionNames): string {
  const rs = gv.resources;
  const lines = [
    `export { ${[names.clientClass, ...rs.map(infoName)].join(', ')} } from '${local('client')}';`,
    `export type { ${rs.map(interfaceName).join(', ')} } from '${local('client')}';`,
    `export { ${names.informersClass} } from '${local('informers')}';`,
    `export { addToScheme } from '${local('register')}';`,
  ];
  if ('declarations' in gv.types) lines.push(`export type * from '${local('types')}';`);
  else if (gv.types.module.startsWith('.'))
    lines.push(`export type * from '${importPath(gv.types.module, names.dir)}';`);
  return [
    `// ${apiVersion(gv)}: types, typed clients, informers and scheme registration.`,
    ...lines,
  ].join('\n');
}
