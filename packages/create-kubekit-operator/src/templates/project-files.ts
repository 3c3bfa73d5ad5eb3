/**
 * The project files of a new operator: package.json, the strictest nodenext tsconfig, a
 * Dockerfile, ignore files and a README.
 * @packageDocumentation
 */
import type { OperatorNames } from '../operator-options';

/** The versions a new project depends on. */
export interface DependencyVersions {
  /** The @kubekit packages (one version for all). */
  kubekit: string;
}

/** `package.json`. */
export function packageJson(n: OperatorNames, versions: DependencyVersions): string {
  const kubekit = (pkg: string) => [`@kubekit/${pkg}`, `^${versions.kubekit}`] as const;
  const project = {
    name: n.name,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: '>=22' },
    scripts: {
      generate: 'kubekit-gen crd deploy/crd.yaml --out src/generated',
      'generate:verify': 'kubekit-gen crd deploy/crd.yaml --out src/generated --verify',
      typecheck: 'tsc --noEmit',
      test: 'tsc --noEmit && tsx --test src/controller.test.ts',
      start: 'tsx src/main.ts',
      build: 'tsc',
    },
    dependencies: Object.fromEntries([
      ...['apimachinery', 'cache', 'clientset', 'controller', 'rest'].map(kubekit),
      ['prom-client', '^15.1.3'],
    ]),
    devDependencies: Object.fromEntries([
      kubekit('codegen'),
      kubekit('testing'),
      ['@types/node', '^24.0.0'],
      ['tsx', '^4.20.0'],
      ['typescript', '~5.9.3'],
      ['yaml', '^2.8.0'],
    ]),
  };
  return `${JSON.stringify(project, null, 2)}\n`;
}

/** `tsconfig.json`: Node's module system, strict, exact optional properties, checked indexes. */
export function tsconfigJson(): string {
  const config = {
    compilerOptions: {
      target: 'ES2023',
      lib: ['ES2023'],
      module: 'nodenext',
      moduleResolution: 'nodenext',
      types: ['node'],
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      rootDir: 'src',
      outDir: 'dist',
    },
    include: ['src'],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** `Dockerfile`: build with tsc, run `node dist/main.js` as a non-root user. */
export function dockerfile(): string {
  return `FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json* ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 8080 8081
CMD ["node", "dist/main.js"]
`;
}

/** `.gitignore`. */
export function gitignore(): string {
  return 'node_modules/\ndist/\n';
}

/** `.dockerignore`. */
export function dockerignore(): string {
  return 'node_modules\ndist\n';
}

/** `README.md`: the commands of the project. */
export function readme(n: OperatorNames): string {
  return `# ${n.name}

A Kubernetes operator built with [kubekit](https://www.npmjs.com/package/@kubekit/controller):
every \`${n.kind}\` (\`${n.group}/${n.version}\`) owns a ConfigMap holding its \`spec.data\`.

| command | what it does |
| --- | --- |
| \`npm test\` | type-checks, then runs the controller against an in-memory API server |
| \`npm start\` | runs the operator against the cluster of your current kubeconfig context (apply \`deploy/crd.yaml\` first) |
| \`npm run generate\` | regenerates \`src/generated\` from \`deploy/crd.yaml\` after you change the schema |
| \`npm run build\` | compiles to \`dist/\` (what the Dockerfile runs) |

Deploy: \`docker build -t ${n.name}:latest .\`, load the image into your cluster, then
\`kubectl apply -f deploy/crd.yaml -f deploy/deployment.yaml -f deploy/rbac.yaml\`.
Try it: \`kubectl apply -f deploy/sample.yaml\`.
`;
}

/** `deploy/sample.yaml`: one object to try. */
export function sampleYaml(n: OperatorNames): string {
  return `apiVersion: ${n.group}/${n.version}
kind: ${n.kind}
metadata:
  name: sample
  namespace: default
spec:
  data:
    greeting: hello
`;
}
