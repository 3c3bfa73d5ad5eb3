import { packageBuild } from '../../scripts/tsup-package';

export default packageBuild({ index: 'src/index.ts', testing: 'src/testing/index.ts' });
