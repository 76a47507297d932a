import { createProcessContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { runCli } from './main.js';

// lcron pins its SDK versions in package-lock.json; the SDK's notice about
// versions yet to be published would only clutter stderr on every call.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.on('SIGINT', () => process.exit(ExitCode.Interrupted));
// A closed pipe (`lcron audit … | head`) is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(ExitCode.Ok);
  throw error;
});

const code = await runCli(process.argv.slice(2), createProcessContext());
process.exitCode = code;
