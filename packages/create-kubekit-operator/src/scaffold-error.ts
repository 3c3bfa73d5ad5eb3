/**
 * Thrown for options or a target directory that cannot make a project; the message names the
 * option or the directory and what is wrong with it.
 */
export class ScaffoldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScaffoldError';
  }
}
