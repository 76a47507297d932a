/**
 * What `lcron lock` and `lcron unlock` decide, as plain data: the settings
 * that make "one copy at a time" true, and what to write to get there.
 */

export type BusyPolicy = 'skip' | 'queue';

/** The settings of a function that decide what a second copy does. Null: not set. */
export interface LockState {
  reservedConcurrency: number | null;
  maximumEventAgeSeconds: number | null;
  maximumRetryAttempts: number | null;
  onFailure: string | null;
  /** Not lcron's to change: kept as it is. */
  onSuccess: string | null;
}

export type LockSetting =
  'reservedConcurrency' | 'maximumEventAgeSeconds' | 'maximumRetryAttempts' | 'onFailure';

export interface SettingChange {
  setting: LockSetting;
  from: number | string | null;
  to: number | string | null;
}

export interface LockRequest {
  reserved: number;
  onBusy: BusyPolicy;
  onDiscard: string | undefined;
}

/** What was there before lcron's first lock, kept (as tags) for unlock to restore. */
export interface SavedState {
  reservedConcurrency: number | null;
  maximumEventAgeSeconds: number | null;
  maximumRetryAttempts: number | null;
  onFailure: string | null;
}

export interface Plan {
  before: LockState;
  after: LockState;
  changes: SettingChange[];
  /** What to keep for unlock; null when nothing is to be kept or it is kept already. */
  save: SavedState | null;
}

/** Lambda's own defaults for asynchronous invocation, when nothing is set. */
export const DEFAULT_EVENT_AGE_SECONDS = 6 * 3600;
export const DEFAULT_RETRY_ATTEMPTS = 2;
/** The least event age Lambda takes: a busy run's queued twin waits at most this. */
export const MIN_EVENT_AGE_SECONDS = 60;

const SETTINGS: LockSetting[] = [
  'reservedConcurrency',
  'maximumEventAgeSeconds',
  'maximumRetryAttempts',
  'onFailure',
];

export function planLock(before: LockState, request: LockRequest, saved: SavedState | null): Plan {
  const original = saved ?? savedFrom(before);
  const after: LockState = { ...before, reservedConcurrency: request.reserved };
  if (request.onBusy === 'skip') {
    after.maximumEventAgeSeconds = MIN_EVENT_AGE_SECONDS;
    after.maximumRetryAttempts = 0;
  } else {
    // Queueing is Lambda's own behaviour: give back what lcron took, if it did.
    after.maximumEventAgeSeconds = original.maximumEventAgeSeconds;
    after.maximumRetryAttempts = original.maximumRetryAttempts;
  }
  if (request.onDiscard !== undefined) after.onFailure = request.onDiscard;

  const changes = diff(before, after);

  return { before, after, changes, save: saved === null && changes.length > 0 ? original : null };
}

/** Back to what was there before the first lock; with nothing saved, nothing to undo. */
export function planUnlock(before: LockState, saved: SavedState | null): Plan {
  if (saved === null) return { before, after: before, changes: [], save: null };
  const after: LockState = { ...saved, onSuccess: before.onSuccess };

  return { before, after, changes: diff(before, after), save: null };
}

function savedFrom(state: LockState): SavedState {
  return {
    reservedConcurrency: state.reservedConcurrency,
    maximumEventAgeSeconds: state.maximumEventAgeSeconds,
    maximumRetryAttempts: state.maximumRetryAttempts,
    onFailure: state.onFailure,
  };
}

function diff(before: LockState, after: LockState): SettingChange[] {
  return SETTINGS.filter((setting) => before[setting] !== after[setting]).map((setting) => ({
    setting,
    from: before[setting],
    to: after[setting],
  }));
}

/** Whether the invoke configuration (event age, retries, destinations) differs. */
export function invokeConfigChanges(plan: Plan): boolean {
  return plan.changes.some((change) => change.setting !== 'reservedConcurrency');
}

// The saved state lives in tags, whose values allow letters, digits, spaces and _.:/=+-@.
const TAG = {
  reservedConcurrency: 'lcron:before-reserved-concurrency',
  maximumEventAgeSeconds: 'lcron:before-maximum-event-age',
  maximumRetryAttempts: 'lcron:before-maximum-retry-attempts',
  onFailure: 'lcron:before-on-failure',
} as const;
export const SAVED_TAG_KEYS: string[] = Object.values(TAG);
const NONE = 'none';

export function tagsFromSaved(saved: SavedState): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(TAG) as Array<keyof typeof TAG>).map((key) => [
      TAG[key],
      saved[key] === null ? NONE : String(saved[key]),
    ]),
  );
}

/** The saved state in a function's tags, or null when lcron never locked it. */
export function savedFromTags(tags: Record<string, string>): SavedState | null {
  if (!(TAG.reservedConcurrency in tags)) return null;
  const number = (key: string): number | null => {
    const value = tags[key];
    return value === undefined || value === NONE || !/^\d+$/.test(value) ? null : Number(value);
  };
  const onFailure = tags[TAG.onFailure];

  return {
    reservedConcurrency: number(TAG.reservedConcurrency),
    maximumEventAgeSeconds: number(TAG.maximumEventAgeSeconds),
    maximumRetryAttempts: number(TAG.maximumRetryAttempts),
    onFailure: onFailure === undefined || onFailure === NONE ? null : onFailure,
  };
}

export interface BusyBehaviour {
  /** In plain words: what happens to a run that fires while one is busy. */
  whenBusy: string;
  /** How long a run may wait to start, in seconds; 0 when runs never wait. */
  maximumWaitSeconds: number;
  /** Where a dropped run leaves a record, or null when nowhere. */
  droppedRunsGo: string | null;
}

/** What the settings mean for a run that fires while the allowed copies are busy. */
export function describeBusy(state: LockState): BusyBehaviour {
  const eventAge = state.maximumEventAgeSeconds ?? DEFAULT_EVENT_AGE_SECONDS;
  const retries = state.maximumRetryAttempts ?? DEFAULT_RETRY_ATTEMPTS;
  const droppedRunsGo = state.onFailure;
  const reserved = state.reservedConcurrency;
  if (reserved === null) {
    return {
      whenBusy: 'a run that fires while one is busy runs alongside it: nothing stops a second copy',
      maximumWaitSeconds: 0,
      droppedRunsGo,
    };
  }
  if (reserved === 0) {
    return {
      whenBusy: 'every run is throttled: the function never runs',
      maximumWaitSeconds: eventAge,
      droppedRunsGo,
    };
  }
  const busy =
    reserved === 1
      ? 'a run that fires while one is busy'
      : `up to ${reserved} copies run at once; a run that fires while all ${reserved} are busy`;
  if (eventAge <= MIN_EVENT_AGE_SECONDS && retries === 0) {
    return {
      whenBusy: `${busy} is dropped once it has waited a minute; one that fires less than a minute before a busy run ends may still run, late`,
      maximumWaitSeconds: eventAge,
      droppedRunsGo,
    };
  }

  return {
    whenBusy: `${busy} waits for a free copy for up to ${formatSeconds(eventAge)} and starts late; runs pile up when the job is slower than its schedule`,
    maximumWaitSeconds: eventAge,
    droppedRunsGo,
  };
}

export function formatSeconds(seconds: number): string {
  if (seconds === 0) return '0 s';
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;

  return `${seconds} s`;
}
