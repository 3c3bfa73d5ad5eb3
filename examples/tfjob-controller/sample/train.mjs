// The demo's distributed training program (one image, two roles, as a TFJob runs it): a
// TensorFlow.js classifier of 8x8 digit images, trained by one parameter server and N workers
// that find each other at the addresses in TF_CONFIG. See ps.mjs, worker.mjs and exchange.mjs.
import { replicaConfig } from './config.mjs';
import { runPs } from './ps.mjs';
import { runWorker } from './worker.mjs';

const config = replicaConfig();
await (config.type === 'ps' ? runPs(config) : runWorker(config));
