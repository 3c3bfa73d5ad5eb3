import { packageBuild } from '../../scripts/tsup-package';

export default packageBuild({ index: 'src/index.ts', cli: 'src/cli.ts' });
