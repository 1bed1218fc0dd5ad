/**
 * The few calls the playground makes, with the key as a Bearer token. Kept
 * tiny and dependency-free; scripts should use the typed client (src/client).
 */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export function createApi(getKey) {
  async function call(method, path, body) {
    const headers = { accept: 'application/json' };
    const key = getKey();
    if (key) headers.authorization = `Bearer ${key}`;
    let response;
    try {
      response = await fetch(path, { method, headers, body });
    } catch {
      throw new ApiError(0, 'network', 'The server could not be reached.');
    }
    if (response.ok) return response.json();
    let error;
    try {
      error = (await response.json()).error;
    } catch {
      // Not the API's envelope (a proxy page): described from the status.
    }
    throw new ApiError(
      response.status,
      error?.code ?? (response.status >= 500 ? 'internal_error' : 'invalid_request_body'),
      error?.message ?? `HTTP ${response.status}`,
      error?.field,
    );
  }

  return {
    tryOn: (form) => call('POST', '/v1/tryon', form),
    job: (id) => call('GET', `/v1/jobs/${encodeURIComponent(id)}`),
    jobs: (limit = 12) => call('GET', `/v1/jobs?limit=${limit}`),
    cancel: (id) => call('POST', `/v1/jobs/${encodeURIComponent(id)}/cancel`),
    account: () => call('GET', '/v1/account'),
    examples: () => call('GET', '/v1/examples'),
    engines: () => call('GET', '/v1/engines'),
  };
}

/** Signed links need no key; fetched into a Blob so the download works across origins. */
export async function fetchBlob(url) {
  let response;
  try {
    response = await fetch(url);
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (!response.ok) {
    const error = await response.json().then((body) => body.error, () => undefined);
    throw new ApiError(response.status, error?.code ?? 'not_found', error?.message ?? `HTTP ${response.status}`);
  }
  return response.blob();
}
