// Preloaded into the audited process with `node --import` by audit-bench.mjs.
// The peak resident set size is only known to the process itself (and only
// at its very end), so it reports it on stderr as it exits. Worker threads
// load this preload too: only the main thread reports, as it exits last and
// its figure covers the whole process.
import { writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.on('exit', () => {
    // maxRSS is in KiB on Linux and macOS. writeSync, because an 'exit'
    // handler cannot wait for an asynchronous write. The leading newline keeps
    // the marker on its own line even if stderr's last line was unfinished.
    writeSync(2, `\nLCRON_BENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
  });
}
