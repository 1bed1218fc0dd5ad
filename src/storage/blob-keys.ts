/**
 * The one place that knows how blobs are named. Every key belongs to one job:
 *
 *   inputs/<job id>/<name>.<ext>                 what the client sent (person, garment-1, coarse)
 *   results/<job id>/a<attempt>/result.<ext>     what an attempt made
 *   results/<job id>/a<attempt>/result-<n>.<ext> its further samples (n = 2, 3, …)
 *   results/<job id>/a<attempt>/diagnostic-<name>.png
 *
 * so a job's files are deleted by prefix, the owner of a file is read from
 * its key, and a blob whose job does not exist is an orphan.
 */

export const BLOB_KINDS = ['inputs', 'results'] as const;

export type ImageFormat = 'jpeg' | 'png' | 'webp';

const EXTENSIONS: Record<ImageFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };
const CONTENT_TYPES: Record<ImageFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

export function contentTypeOf(format: ImageFormat): string {
  return CONTENT_TYPES[format];
}

/** The content type a key's extension implies: for blobs stored before their type was kept. */
export function contentTypeForKey(key: string): string {
  const extension = key.slice(key.lastIndexOf('.') + 1);
  const format = (Object.keys(EXTENSIONS) as ImageFormat[]).find((name) => EXTENSIONS[name] === extension || name === extension);
  return format === undefined ? 'application/octet-stream' : CONTENT_TYPES[format];
}

export function inputKey(jobId: string, name: string, format: ImageFormat): string {
  return `inputs/${jobId}/${name}.${EXTENSIONS[format]}`;
}

export function resultKey(jobId: string, attempt: number, format: ImageFormat): string {
  return `${attemptPrefix(jobId, attempt)}result.${EXTENSIONS[format]}`;
}

/** The n-th result of an attempt that made several (n ≥ 2; the first is resultKey). */
export function sampleKey(jobId: string, attempt: number, n: number, format: ImageFormat): string {
  return `${attemptPrefix(jobId, attempt)}result-${n}.${EXTENSIONS[format]}`;
}

export function diagnosticKey(jobId: string, attempt: number, name: string): string {
  return `${attemptPrefix(jobId, attempt)}diagnostic-${name.replace(/[^a-z0-9_-]/gi, '-').toLowerCase()}.png`;
}

/** Everything one attempt wrote: deleted when the attempt's result is refused. */
export function attemptPrefix(jobId: string, attempt: number): string {
  return `results/${jobId}/a${attempt}/`;
}

export function inputPrefix(jobId: string): string {
  return `inputs/${jobId}/`;
}

/** Every prefix a job's files live under: what retention deletes. */
export function jobPrefixes(jobId: string): string[] {
  return BLOB_KINDS.map((kind) => `${kind}/${jobId}/`);
}

/** The job a key belongs to; undefined for a key outside the layout. */
export function jobIdOfKey(key: string): string | undefined {
  const [kind, jobId] = key.split('/');
  return (BLOB_KINDS as readonly string[]).includes(kind ?? '') && jobId !== undefined && jobId !== '' ? jobId : undefined;
}

/**
 * The studio's blobs live under studio/<program id>/ (outside the job layout,
 * so the retention sweep leaves them alone): its images, and zip uploads in
 * progress.
 */
export function studioImageKey(programId: string, imageId: string, format: ImageFormat): string {
  return `studio/${programId}/images/${imageId}.${EXTENSIONS[format]}`;
}

export function studioUploadPrefix(programId: string, uploadId: string): string {
  return `studio/${programId}/uploads/${uploadId}/`;
}

/** The program a studio image belongs to; undefined for any other key (uploads in progress included). */
export function studioProgramOfImageKey(key: string): string | undefined {
  const [kind, programId, folder] = key.split('/');
  return kind === 'studio' && programId !== undefined && programId !== '' && folder === 'images' ? programId : undefined;
}
