#!/usr/bin/env node
// The CLI is TypeScript run by tsx, so `npx onix-feeds` works from a clean clone with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
