/**
 * Writes the modules of the whole output: `clientset.ts` (Clientset), `informers.ts` (the typed
 * informer factory), `register.ts` (addToScheme of every group version) and `index.ts`.
 * @packageDocumentation
 */
import type { GroupVersionModel } from './model';
import { Modules, local, moduleText, type GroupVersionNames } from './emit-group-version';
import { doc } from './schema-types';

type Entry = { gv: GroupVersionModel; names: GroupVersionNames };

const apiVersion = (gv: GroupVersionModel) => (gv.group ? `${gv.group}/${gv.version}` : gv.version);

/** `clientset.ts`: one Clientset with a typed client per group version. */
export function emitClientset(entries: Entry[]): string {
  const imports = [
    `import { RESTClient, type RESTClientOptions, type RestConfig } from '${Modules.rest}';`,
    ...entries.map(
      ({ names }) => `import { ${names.clientClass} } from '${local(`${names.dir}/client`)}';`,
    ),
  ];
  const out: string[] = [];
  const fields = entries.map(
    ({ gv, names }) =>
      `/** The ${apiVersion(gv)} resources. */\nreadonly ${names.accessor}: ${names.clientClass};`,
  );
  const inits = entries.map(
    ({ names }) => `this.${names.accessor} = new ${names.clientClass}(restClient);`,
  );
  out.push(
    doc([
      `Typed clients of ${entries.map(({ gv }) => apiVersion(gv)).join(', ')}, sharing one RESTClient (one connection pool and rate limiter).`,
      '@example\n```ts\nconst cs = Clientset.fromConfig(config);\n```',
    ]) +
      `export class Clientset {\n/** The client every request goes through. */\nreadonly restClient: RESTClient;\n\n${fields.join('\n\n')}\n\n` +
      `/** Typed clients over \`restClient\`. */\nconstructor(restClient: RESTClient) {\nthis.restClient = restClient;\n${inits.join('\n')}\n}\n\n` +
      `/** A Clientset over a new RESTClient for \`config\` (validated; throws the RESTClient's ConfigError). */\n` +
      `static fromConfig(config: RestConfig, options?: RESTClientOptions): Clientset {\nreturn new Clientset(new RESTClient(config, options));\n}\n\n` +
      `/** Closes the RESTClient's connections once in-flight requests finish. */\nclose(): Promise<void> {\nreturn this.restClient.close();\n}\n}`,
  );
  return moduleText(imports, out);
}

/** `informers.ts`: a shared informer factory with typed accessors per group version. */
export function emitInformerFactory(entries: Entry[]): string {
  const imports = [
    `import { createSharedInformerFactory, type SharedInformerFactory, type SharedInformerFactoryOptions } from '${Modules.cache}';`,
    ...entries.map(
      ({ names }) =>
        `import { ${names.informersClass} } from '${local(`${names.dir}/informers`)}';`,
    ),
  ];
  const out: string[] = [];
  out.push(
    doc(['A shared informer factory of @kubekit/cache with typed informers per group version.']) +
      `export interface InformerFactory extends SharedInformerFactory {\n${entries
        .map(
          ({ gv, names }) =>
            `/** The ${apiVersion(gv)} informers. */\nreadonly ${names.accessor}: ${names.informersClass};`,
        )
        .join('\n\n')}\n}`,
  );
  out.push(
    doc([
      'Creates a shared informer factory (see createSharedInformerFactory of @kubekit/cache) with typed informers: informers are created on first use, started by `start()`, and share one cache per resource.',
      '@example\n```ts\nconst factory = createInformerFactory({ client: cs.restClient });\n```',
    ]) +
      `export function createInformerFactory(options: SharedInformerFactoryOptions): InformerFactory {\n` +
      `const factory = createSharedInformerFactory(options);\nreturn Object.assign(factory, {\n${entries
        .map(({ names }) => `${names.accessor}: new ${names.informersClass}(factory),`)
        .join('\n')}\n});\n}`,
  );
  return moduleText(imports, out);
}

/** `register.ts`: addToScheme for every group version. */
export function emitRootRegister(entries: Entry[]): string {
  return moduleText(
    [
      `import type { Scheme } from '${Modules.apimachinery}';`,
      ...entries.map(
        ({ names }) =>
          `import { addToScheme as ${names.accessor} } from '${local(`${names.dir}/register`)}';`,
      ),
    ],
    [
      doc(['Registers the kinds of every generated group version in `scheme`.']) +
        `export function addToScheme(scheme: Scheme): void {\n${entries.map(({ names }) => `${names.accessor}(scheme);`).join('\n')}\n}`,
    ],
  );
}

/** `index.ts`: Clientset, the informer factory, addToScheme, and each group version as a namespace. */
export function emitRootIndex(entries: Entry[]): string {
  return [
    '// Generated clientset: Clientset, createInformerFactory, addToScheme, one namespace per group version.',
    `export { Clientset } from '${local('clientset')}';`,
    `export { createInformerFactory } from '${local('informers')}';`,
    `export type { InformerFactory } from '${local('informers')}';`,
    `export { addToScheme } from '${local('register')}';`,
    ...entries.map(
      ({ gv, names }) =>
        `/** ${apiVersion(gv)}: types, typed clients, informers and addToScheme. */\nexport * as ${names.accessor} from '${local(`${names.dir}/index`)}';`,
    ),
  ].join('\n');
}
