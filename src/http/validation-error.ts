import { DrapeError } from '../errors.js';

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * A schema violation as a Drape error naming the field: missing_parameter
 * when the request has no value there at all (zod's messages do not say so
 * for every type), invalid_parameter otherwise.
 */
export function validationError(path: readonly PropertyKey[], message: string, input: unknown): DrapeError {
  const field = path.map(String).join('.') || undefined;
  if (field !== undefined && valueAt(input, path) === undefined) {
    return new DrapeError('missing_parameter', `${field} is required.`, { field });
  }
  return new DrapeError('invalid_parameter', `${field ?? 'body'}: ${message}`, field === undefined ? {} : { field });
}
