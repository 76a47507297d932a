#!/usr/bin/env node
// The launcher: the program itself is compiled to dist/ by `npm run build`,
// which `npm ci` and `npm install` run through the prepare script.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/bin.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('lcron: not built yet; run `npm run build` (or `npm ci`) in the lcron checkout\n');
  process.exit(255);
}
await import(entry.href);
