import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

import type { TestProject } from 'vitest/node';

/**
 * Starts one moto server for the whole run, on 127.0.0.1 and a free port,
 * and stops it afterwards. Tests read where it is (or why it is not) from
 * the provided `emulator` value.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.LCRON_SKIP_EMULATOR === '1') {
    project.provide('emulator', { endpoint: null, reason: 'skipped: LCRON_SKIP_EMULATOR=1' });
    return async () => {};
  }
  if (spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).error) {
    project.provide('emulator', {
      endpoint: null,
      reason:
        "moto_server is not on PATH: install it with pip install 'moto[server]', or set LCRON_SKIP_EMULATOR=1 to skip the emulator tests",
    });
    return async () => {};
  }

  const port = await freePort();
  const server = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  server.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilUp(endpoint, server, () => log);
  project.provide('emulator', { endpoint, reason: null });

  return async () => {
    server.kill('SIGTERM');
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntilUp(endpoint: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`moto_server exited with ${server.exitCode}: ${log()}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  server.kill('SIGKILL');
  throw new Error(`moto_server did not answer on ${endpoint} within 30 s: ${log()}`);
}

declare module 'vitest' {
  export interface ProvidedContext {
    emulator: { endpoint: string | null; reason: string | null };
  }
}
