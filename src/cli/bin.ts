import { createProcessContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { runCli } from './main.js';

// lcron pins its SDK versions in package-lock.json; the SDK's notice about
// versions yet to be published would only clutter stderr on every call.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.on('SIGINT', () => process.exit(ExitCode.Interrupted));

// A reader that closed the pipe (`lcron audit … | head`) has what it wanted:
// stop writing, but keep the exit code the audit earned. Any other failure
// to write the output is an error of its own.
let outputFailed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' || outputFailed) return;
  outputFailed = true;
  process.stderr.write(
    `lcron: cannot write the output: ${error.code ?? error.message}; check the disk or the file stdout goes to\n`,
  );
  process.exitCode = ExitCode.Unexpected;
});

const code = await runCli(process.argv.slice(2), createProcessContext());
if (!outputFailed) process.exitCode = code;
