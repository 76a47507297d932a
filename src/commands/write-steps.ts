import { LcronError } from '../errors.js';

/** One write of a command: what it puts in place, and the call that does it. */
export type Step = [what: string, write: () => Promise<void>];

/** Runs writes in order; when one fails, says which are in place and that a rerun completes the job. */
export async function runSteps(steps: Step[], done: string[], rerun: string): Promise<void> {
  for (const [what, write] of steps) {
    try {
      await write();
      done.push(what);
    } catch (error) {
      if (!(error instanceof LcronError) || done.length === 0) throw error;
      const inPlace = `${done.join(' and ')} ${done.length === 1 ? 'is' : 'are'} in place`;
      throw new LcronError(`${inPlace}, but ${what} failed: ${error.message}`, error.exitCode, {
        hint: `fix that, then rerun \`${rerun}\` to finish${error.hint ? ` (${error.hint})` : ''}`,
        cause: error,
      });
    }
  }
}
