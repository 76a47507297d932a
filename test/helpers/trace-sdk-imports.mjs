// Loaded with `node --import`: records every AWS SDK module the program resolves.
import { register } from 'node:module';

register('./trace-sdk-imports-hooks.mjs', import.meta.url);
