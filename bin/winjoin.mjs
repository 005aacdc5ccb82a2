#!/usr/bin/env node
// The `winjoin` command: runs the CLI bundle that `npm ci` / `npm run build` produce.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli/winjoin.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('winjoin: the CLI is not built yet. Run `npm run build` in the WinJoin folder first.\n');
  process.exit(2);
}
await import(bundle);
