#!/usr/bin/env node
/**
 * The `kubekit-gen` binary.
 * @packageDocumentation
 */
import { runCliMain } from './cli-main';
import { runCli } from './run-cli';

runCliMain(runCli);
