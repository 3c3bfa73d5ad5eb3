import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const RELATIVE = join('test', 'real-apiserver');

/**
 * Finds the Go module directory (test/real-apiserver) by walking up from `from` to the
 * repository root. Works from the repository root, a package directory or test/.
 */
export function findModuleDir(from: string = process.cwd()): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'go.mod')) && existsSync(join(dir, 'cmd', 'kube-apiserver'))) {
      return dir;
    }
    if (existsSync(join(dir, RELATIVE, 'go.mod'))) return join(dir, RELATIVE);
    if (dirname(dir) === dir) {
      throw new Error(`cannot find ${RELATIVE}/go.mod above ${from}`);
    }
  }
}
