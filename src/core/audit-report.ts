import type { AuditResult } from './audit.js';
import type { LogFormat } from './formats/detect-format.js';

export type AuditSource =
  | { kind: 'cloudwatch-logs'; logGroup: string; region: string | null; events: number; pages: number }
  | { kind: 'file'; path: string; format: LogFormat };

/** An audit with what it was of: the input to every renderer. */
export interface AuditReport {
  functionName: string | null;
  source: AuditSource;
  result: AuditResult;
}
