/**
 * Exit codes of the `drape` client commands, stable for scripts (README
 * "Playground, command line and TypeScript client"). Every failure also
 * prints one line `drape: <code>: <message>` to stderr, where <code> is the
 * server's error code or one of the CLI's own below.
 */
import { DrapeApiError, DrapeConnectionError, DrapeTimeoutError } from '../client/index.js';

export const EXIT = {
  ok: 0,
  /** The job ended failed or canceled. */
  jobFailed: 1,
  /** Bad usage or input: unknown option, missing file, a 4xx the caller can fix. */
  usage: 2,
  /** The key was refused (401) or may not do this (403). */
  auth: 3,
  /** Out of credits (402) or over a rate or concurrency limit (429). */
  limits: 4,
  /** The server could not be reached, answered 5xx, or the wait timed out. */
  unavailable: 5,
} as const;

/** A failure found by the CLI itself, before or after talking to the server. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof DrapeApiError) {
    if (error.status === 401 || error.status === 403) return EXIT.auth;
    if (error.status === 402 || error.status === 429) return EXIT.limits;
    if (error.status >= 400 && error.status < 500) return EXIT.usage;
    return EXIT.unavailable;
  }
  return EXIT.unavailable;
}

export function errorCodeOf(error: unknown): string {
  if (error instanceof CliError || error instanceof DrapeApiError) return error.code;
  if (error instanceof DrapeConnectionError) return 'connection_failed';
  if (error instanceof DrapeTimeoutError) return 'timeout';
  return 'internal_error';
}

/** Print `drape: <code>: <message>` and leave with the code's exit status. */
export function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`drape: ${errorCodeOf(error)}: ${message}\n`);
  process.exit(exitCodeFor(error));
}
