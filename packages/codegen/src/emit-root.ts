/**
 * Writes the modules of the whole output: `clientset.ts` (Clientset), `informers.ts` (the typed
 * informer factory), `register.ts` (addToScheme of every group version) and `index.ts`. With a
 * base module (CRD clients: @kubekit/clientset), the root Clientset, informer factory and
 * addToScheme extend the base's, so built-in and generated groups are one client object.
 * @packageDocumentation
 */
import type { GroupVersionModel } from './model';
import {
  Modules,
  importPath,
  local,
  moduleText,
  type GroupVersionNames,
} from './emit-group-version';
import { doc } from './schema-types';

type Entry = { gv: GroupVersionModel; names: GroupVersionNames };

const apiVersion = (gv: GroupVersionModel) => (gv.group ? `${gv.group}/${gv.version}` : gv.version);

const listed = (entries: Entry[]) => entries.map(({ gv }) => apiVersion(gv)).join(', ');

/** `clientset.ts`: one Clientset with a typed client per group version (and the base's). */
export function emitClientset(entries: Entry[], base: string | undefined): string {
  const imports = [
    `import { RESTClient, type RESTClientOptions, type RestConfig } from '${Modules.rest}';`,
    ...(base ? [`import { Clientset as BaseClientset } from '${importPath(base, '.')}';`] : []),
    ...entries.map(
      ({ names }) => `import { ${names.clientClass} } from '${local(`${names.dir}/client`)}';`,
    ),
  ];
  const fields = entries.map(
    ({ gv, names }) =>
      `/** The ${apiVersion(gv)} resources. */\nreadonly ${names.accessor}: ${names.clientClass};`,
  );
  const inits = entries.map(
    ({ names }) => `this.${names.accessor} = new ${names.clientClass}(restClient);`,
  );
  const summary = base
    ? `Typed clients of ${listed(entries)} and, inherited from the Clientset of ${base}, of its groups (\`coreV1\`, \`appsV1\`, ...): one client object sharing one RESTClient (one connection pool and rate limiter).`
    : `Typed clients of ${listed(entries)}, sharing one RESTClient (one connection pool and rate limiter).`;
  const own = base
    ? ''
    : `/** The client every request goes through. */\nreadonly restClient: RESTClient;\n\n`;
  const close = base
    ? ''
    : `\n\n/** Closes the RESTClient's connections once in-flight requests finish. */\nclose(): Promise<void> {\nreturn this.restClient.close();\n}`;
  const body =
    `${own}${fields.join('\n\n')}\n\n` +
    `/** Typed clients over \`restClient\`. */\nconstructor(restClient: RESTClient) {\n${base ? 'super(restClient);' : 'this.restClient = restClient;'}\n${inits.join('\n')}\n}\n\n` +
    `/** A Clientset over a new RESTClient for \`config\` (validated; throws the RESTClient's ConfigError). */\n` +
    `static ${base ? 'override ' : ''}fromConfig(config: RestConfig, options?: RESTClientOptions): Clientset {\nreturn new Clientset(new RESTClient(config, options));\n}${close}`;
  const clientset =
    doc([summary, '@example\n```ts\nconst cs = Clientset.fromConfig(config);\n```']) +
    `export class Clientset ${base ? 'extends BaseClientset ' : ''}{\n${body}\n}`;
  return moduleText(imports, [clientset]);
}

/** `informers.ts`: a shared informer factory with typed accessors per group version. */
export function emitInformerFactory(entries: Entry[], base: string | undefined): string {
  const imports = [
    base
      ? `import type { SharedInformerFactoryOptions } from '${Modules.cache}';`
      : `import { newSharedInformerFactory, type SharedInformerFactory, type SharedInformerFactoryOptions } from '${Modules.cache}';`,
    ...(base
      ? [
          `import { newInformerFactory as newBaseInformerFactory, type InformerFactory as BaseInformerFactory } from '${importPath(base, '.')}';`,
        ]
      : []),
    ...entries.map(
      ({ names }) =>
        `import { ${names.informersClass} } from '${local(`${names.dir}/informers`)}';`,
    ),
  ];
  const fields = entries.map(
    ({ gv, names }) =>
      `/** The ${apiVersion(gv)} informers. */\nreadonly ${names.accessor}: ${names.informersClass};`,
  );
  const factory =
    doc([
      base
        ? `A shared informer factory of @kubekit/cache with typed informers of ${listed(entries)} and of the groups of ${base}'s factory.`
        : 'A shared informer factory of @kubekit/cache with typed informers per group version.',
    ]) +
    `export interface InformerFactory extends ${base ? 'BaseInformerFactory' : 'SharedInformerFactory'} {\n${fields.join('\n\n')}\n}`;
  const create =
    doc([
      `Creates a shared informer factory (see newSharedInformerFactory of @kubekit/cache) with typed informers${base ? ` (those of ${base} too)` : ''}: informers are created on first use, started by \`start()\`, and share one cache per resource.`,
      '@example\n```ts\nconst factory = newInformerFactory({ client: cs.restClient });\n```',
    ]) +
    `export function newInformerFactory(options: SharedInformerFactoryOptions): InformerFactory {\n` +
    `const factory = ${base ? 'newBaseInformerFactory' : 'newSharedInformerFactory'}(options);\nreturn Object.assign(factory, {\n${entries
      .map(({ names }) => `${names.accessor}: new ${names.informersClass}(factory),`)
      .join('\n')}\n});\n}`;
  return moduleText(imports, [factory, create]);
}

/** `register.ts`: addToScheme for every group version (and the base's). */
export function emitRootRegister(entries: Entry[], base: string | undefined): string {
  const calls = [
    ...(base ? ['addBaseToScheme(scheme);'] : []),
    ...entries.map(({ names }) => `${names.accessor}(scheme);`),
  ];
  return moduleText(
    [
      `import type { Scheme } from '${Modules.apimachinery}';`,
      ...(base
        ? [`import { addToScheme as addBaseToScheme } from '${importPath(base, '.')}';`]
        : []),
      ...entries.map(
        ({ names }) =>
          `import { addToScheme as ${names.accessor} } from '${local(`${names.dir}/register`)}';`,
      ),
    ],
    [
      doc([
        `Registers the kinds of every generated group version${base ? ` and those of ${base}` : ''} in \`scheme\`.`,
      ]) + `export function addToScheme(scheme: Scheme): void {\n${calls.join('\n')}\n}`,
    ],
  );
}

/** `index.ts`: Clientset, the informer factory, addToScheme, and each group version as a namespace. */
export function emitRootIndex(entries: Entry[]): string {
  return [
    '// Generated clientset: Clientset, newInformerFactory, addToScheme, one namespace per group version.',
    `export { Clientset } from '${local('clientset')}';`,
    `export { newInformerFactory } from '${local('informers')}';`,
    `export type { InformerFactory } from '${local('informers')}';`,
    `export { addToScheme } from '${local('register')}';`,
    ...entries.map(
      ({ gv, names }) =>
        `/** ${apiVersion(gv)}: types, typed clients, informers and addToScheme. */\nexport * as ${names.accessor} from '${local(`${names.dir}/index`)}';`,
    ),
  ].join('\n');
}
