#!/usr/bin/env node
// The CLI is TypeScript run by tsx, so `npx onix-feeds` works from a clean clone with no build step.
import { register } from 'tsx/esm/api';

// `onix-feeds history ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
