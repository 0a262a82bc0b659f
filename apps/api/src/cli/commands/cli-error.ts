import { AppError } from '../../errors.ts';

/** A refused request, with the argument it points at named as the command names it (`flags`: field → argument). */
export function cliError(error: unknown, flags: Record<string, string>): unknown {
  if (!(error instanceof AppError)) return error;
  const field = (error.extensions.details as { field?: string } | undefined)?.field;
  const flag = field === undefined ? undefined : flags[field];
  if (!flag) return new Error(error.message);
  // Some messages start with the request's own name for the field: the flag stands in for it.
  const message = error.message.startsWith(`${field}: `) ? error.message.slice(field!.length + 2) : error.message;
  return new Error(`${flag}: ${message}`);
}
