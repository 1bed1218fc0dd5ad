/**
 * The one error type of Drape. Every failure that a client can see carries a
 * stable, machine-readable `code` from this closed list; the HTTP status is
 * derived from the code in one place (src/http/error-status.ts), so a status
 * and a body can never disagree.
 */
export const ERROR_CODES = [
  // request shape
  'invalid_request_body',
  'unsupported_content_type',
  'missing_parameter',
  'invalid_parameter',
  /** The request's `engine` names no engine of this server for the operation, or none serves its preset and `capabilities`. */
  'unknown_engine',
  'not_found',
  // images
  'unsupported_image_format',
  'malformed_image',
  'file_size_too_large',
  'resolution_too_low',
  'resolution_too_high',
  'too_many_pixels',
  // URL inputs (SSRF guard)
  'url_forbidden',
  'url_fetch_failed',
  'url_too_large',
  'url_timeout',
  // idempotency
  'idempotency_key_mismatch',
  'idempotency_in_progress',
  // signed URLs
  'url_expired',
  'invalid_signature',
  // jobs
  'job_not_cancelable',
  // accounts
  'invalid_auth_token',
  'forbidden',
  'insufficient_credits',
  'rate_limit_exceeded',
  'concurrency_limit_exceeded',
  // engine outcomes (fail the job, never charge it)
  'no_person_detected',
  'multiple_persons',
  'no_garment_detected',
  'pose_not_supported',
  'category_mismatch',
  'low_quality_result',
  'engine_failed',
  'engine_timeout',
  'worker_lost',
  'canceled',
  // studio zip uploads (SKU archives)
  'invalid_archive',
  'archive_too_large',
  'archive_unsafe_path',
  'archive_entry_not_image',
  'archive_empty',
  'upload_parts_mismatch',
  'upload_not_open',
  // a documented operation this server has no engine or implementation for
  'not_implemented',
  // service
  'service_unavailable',
  'payload_too_large',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface DrapeErrorOptions {
  field?: string;
  cause?: unknown;
  /** A transient fault: the job may be tried again. Input errors never are. */
  retryable?: boolean;
  /** Extra response headers (Retry-After, RateLimit-*). */
  headers?: Record<string, string>;
}

export class DrapeError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly retryable: boolean;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, options: DrapeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DrapeError';
    this.code = code;
    this.field = options.field;
    this.retryable = options.retryable ?? false;
    this.headers = options.headers;
  }

  toJSON(): { code: ErrorCode; message: string; field?: string } {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export function isDrapeError(error: unknown): error is DrapeError {
  return error instanceof DrapeError;
}
