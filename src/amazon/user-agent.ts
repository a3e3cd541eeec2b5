/**
 * The `user-agent` SP-API requires on every call, in Amazon's `AppName/Version (Language=...)` form.
 */
import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** `onix-feeds/<version> (Language=TypeScript/Node <node version>)`. */
export const USER_AGENT = `onix-feeds/${packageJson.version} (Language=TypeScript/Node ${process.versions.node})`;
