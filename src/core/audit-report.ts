import type { AuditResult } from './audit.js';
import type { LogFormat } from './formats/detect-format.js';
import type { Punctuality } from './punctuality.js';

export type AuditSource =
  | { kind: 'cloudwatch-logs'; logGroup: string; region: string | null; events: number; pages: number }
  | { kind: 'file'; path: string; format: LogFormat };

/** A schedule an audit checked the runs against. */
export interface ExpectedSchedule {
  /** `group/name`, or `--expected` for a file audit's expression. */
  id: string;
  expression: string;
  timezone: string;
  windowMinutes: number;
}

/** The runs matched to the fires the schedules expected in the window. */
export interface ScheduleCheck {
  schedules: ExpectedSchedule[];
  punctuality: Punctuality;
}

/** An audit with what it was of: the input to every renderer. */
export interface AuditReport {
  functionName: string | null;
  source: AuditSource;
  result: AuditResult;
  /** Null when no schedule was known: no schedule targets the function, or none was given for a file. */
  schedule: ScheduleCheck | null;
}
