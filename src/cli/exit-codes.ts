/**
 * The one table of exit codes. The 25x codes follow the AWS CLI v2, which
 * is what AWS users' scripts already test for.
 */
export const ExitCode = {
  Ok: 0,
  Findings: 1,
  Interrupted: 130,
  Usage: 252,
  Config: 253,
  Service: 254,
  Unexpected: 255,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODE_TABLE: ReadonlyArray<readonly [ExitCode, string]> = [
  [ExitCode.Ok, 'success; an audit found no violations'],
  [ExitCode.Findings, 'an audit found violations; doctor --strict found a warning'],
  [ExitCode.Interrupted, 'interrupted (Ctrl-C)'],
  [ExitCode.Usage, 'usage error: bad flag, argument or input file'],
  [ExitCode.Config, 'configuration error: region, credentials, profile or environment'],
  [ExitCode.Service, 'AWS error: the service refused or could not be reached'],
  [ExitCode.Unexpected, 'unexpected error (a bug: rerun with --debug and report it)'],
];

export function formatExitCodeTable(): string {
  const rows = EXIT_CODE_TABLE.map(([code, meaning]) => `  ${String(code).padEnd(5)}${meaning}`);

  return ['Exit codes:', ...rows].join('\n');
}
