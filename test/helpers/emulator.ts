import { inject } from 'vitest';

/**
 * The moto server's endpoint. Throws (so the test fails, clearly) when it
 * is missing, unless the user chose to skip with LCRON_SKIP_EMULATOR=1.
 */
export function emulatorEndpoint(): string {
  const { endpoint, reason } = inject('emulator');
  if (!endpoint) throw new Error(reason ?? 'the emulator is not running');

  return endpoint;
}

export const skipEmulator = inject('emulator').reason?.startsWith('skipped') === true;
