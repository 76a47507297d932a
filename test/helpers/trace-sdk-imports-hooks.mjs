import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (resolved.url.includes('@aws-sdk') || resolved.url.includes('@smithy')) {
    appendFileSync(process.env.LCRON_TRACE_FILE, `${resolved.url}\n`);
  }

  return resolved;
}
