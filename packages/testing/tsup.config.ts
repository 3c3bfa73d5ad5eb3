import { packageBuild } from '../../scripts/tsup-package';

export default packageBuild({
  index: 'src/index.ts',
  http: 'src/http-client.ts',
  kubelet: 'src/kubelet/index.ts',
  cli: 'src/cli.ts',
});
