import type { Job } from '../../../db/job-store.js';
import type { JobPresenter } from '../../../jobs/job-json.js';
import { fashnNotes, fashnPrediction, type PredictionStatus } from '../../../jobs/webhook-bodies/fashn.js';
import type { BlobStore } from '../../../storage/blob-store.js';

/** The status answer: as the webhook's, with data: URIs in place of links when return_base64 was asked. */
export async function fashnPredictionWithOutputs(job: Job, presenter: JobPresenter, blobs: BlobStore): Promise<PredictionStatus> {
  const prediction = await fashnPrediction(job, presenter);
  if (prediction.status !== 'completed' || fashnNotes(job)?.return_base64 !== true || job.result === null || job.purgedAt !== null) {
    return prediction;
  }
  const images = [job.result.image, ...(job.result.samples ?? [])];
  const output = await Promise.all(
    images.map(async (image) => {
      const blob = await blobs.get(image.key);
      return blob === undefined ? undefined : `data:image/${image.format};base64,${blob.bytes.toString('base64')}`;
    }),
  );
  return { ...prediction, output: output.filter((uri): uri is string => uri !== undefined) };
}
