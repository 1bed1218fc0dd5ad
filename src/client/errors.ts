/**
 * Errors of the client. The server's every error is
 * {"error": {"code", "message", "field"?}}; DrapeApiError carries exactly
 * that plus the HTTP status, so callers branch on `code`, never on text.
 */
export class DrapeApiError extends Error {
  override readonly name = 'DrapeApiError';

  constructor(
    readonly status: number,
    /** A stable code from the server's list (ERROR_CODES), e.g. invalid_auth_token. */
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The server's X-Request-Id, to find the request in its logs. */
    readonly requestId?: string,
    /** From Retry-After (429, 503): seconds to wait before trying again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** Read an error response; a body that is not the envelope (a proxy's HTML page) still gives an error. */
  static async fromResponse(response: Response): Promise<DrapeApiError> {
    const requestId = response.headers.get('x-request-id') ?? undefined;
    const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
    const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined;
    const text = await response.text().catch(() => '');
    try {
      const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; field?: unknown } };
      const error = body.error;
      if (error !== undefined && typeof error.code === 'string' && typeof error.message === 'string') {
        return new DrapeApiError(
          response.status,
          error.code,
          error.message,
          typeof error.field === 'string' ? error.field : undefined,
          requestId,
          retryAfterSeconds,
        );
      }
    } catch {
      // Not JSON: described below from the status alone.
    }
    const code = response.status >= 500 ? 'internal_error' : 'unexpected_response';
    const message = `HTTP ${response.status} ${response.statusText}`.trim();
    return new DrapeApiError(response.status, code, message, undefined, requestId, retryAfterSeconds);
  }
}

/** The server could not be reached (refused, DNS, TLS, reset): no HTTP answer at all. */
export class DrapeConnectionError extends Error {
  override readonly name = 'DrapeConnectionError';

  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`cannot reach ${new URL(url).origin}: ${describeCause(cause)}`, { cause });
  }
}

/** waitForJob gave up before the job ended; the job itself goes on. */
export class DrapeTimeoutError extends Error {
  override readonly name = 'DrapeTimeoutError';

  constructor(
    readonly jobId: string,
    readonly timeoutMs: number,
  ) {
    super(`job ${jobId} did not end within ${Math.round(timeoutMs / 1000)} s`);
  }
}

function describeCause(cause: unknown): string {
  // undici puts the useful part (ECONNREFUSED …) on the cause of its "fetch failed".
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  if (inner instanceof Error) return (inner as Error & { code?: string }).code ?? inner.message;
  return String(inner);
}
