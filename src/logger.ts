import pino, { type Logger } from 'pino';

export type { Logger };

/** Query parameters whose values must never reach a log line. */
const SECRET_QUERY_PARAMS = /([?&](?:sig|signature|token|key|api_key|expires)=)[^&]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, '$1[redacted]');
}

/**
 * The one logger. Request lines carry the method and the path with secrets
 * removed; headers, bodies and image bytes are never logged.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'drape' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'req.headers["ailabapi-api-key"]',
          'req.headers.cookie',
          'apiKey',
          'key',
          'secret',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req(request: { method?: string; url?: string; id?: string }) {
          return { method: request.method, url: redactUrl(request.url ?? '') };
        },
        res(reply: { statusCode?: number }) {
          return { statusCode: reply.statusCode };
        },
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
