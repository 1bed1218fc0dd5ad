import type { WebhookBodyFormat } from '../job-json.js';
import { fashnPrediction } from './fashn.js';
import { huhuJobJson } from './huhu.js';

/**
 * The webhook body of each dialect that has its own, by the job's source.
 * Dialects without an entry send the native job JSON.
 */
export const WEBHOOK_BODIES: Readonly<Record<string, WebhookBodyFormat>> = {
  huhu: huhuJobJson,
  fashn: fashnPrediction,
};
