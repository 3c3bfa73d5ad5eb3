#!/usr/bin/env node
/**
 * The `create-kubekit-operator` binary (`npm create kubekit-operator@latest my-operator`).
 * @packageDocumentation
 */
import { runCliMain } from '@kubekit/codegen';
import { runCli } from './run-cli';

runCliMain(runCli);
