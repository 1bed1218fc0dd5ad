import { Webhook } from 'standardwebhooks';
import type { Db } from '../db/db.js';
import { teamStore } from '../db/team-store.js';
import { webhookStore, type WebhookDelivery } from '../db/webhook-store.js';
import { isDrapeError } from '../errors.js';
import { newId } from '../ids.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { SafeFetcher } from '../net/safe-fetch.js';

export interface WebhookDispatcherOptions {
  /** Delay before retry n (ms); after the last, the delivery has failed. */
  retryScheduleMs: number[];
  timeoutMs: number;
  pollIntervalMs: number;
}

const BATCH = 10;

/**
 * Delivers queued webhooks: at least once, signed per Standard Webhooks,
 * redirects never followed, every URL through the SSRF guard, one row per
 * attempt, retries on the configured schedule. The schedule lives in the
 * database rows, so retries survive restarts.
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly fetcher: SafeFetcher,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly options: WebhookDispatcherOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.ticking ??= this.deliverDue()
        .then(() => undefined)
        .catch((error) => this.logger.error({ err: error }, 'webhook dispatch failed'))
        .finally(() => (this.ticking = undefined));
    }, this.options.pollIntervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
  }

  /** Send every due delivery once; returns how many were attempted. */
  async deliverDue(): Promise<number> {
    // Locked for two timeouts: long enough to finish, short enough that a crashed sender's batch is retried soon.
    const due = await webhookStore.claimDue(this.db, BATCH, 2 * this.options.timeoutMs);
    await Promise.all(due.map((delivery) => this.attempt(delivery)));
    return due.length;
  }

  private async attempt(delivery: WebhookDelivery): Promise<void> {
    const team = await teamStore.get(this.db, delivery.teamId);
    const attempt = delivery.attempts + 1;
    const startedAt = new Date();
    let responseStatus: number | null = null;
    let error: string | null = null;
    let permanent = false;
    try {
      if (team === undefined) throw new Error('team deleted');
      const signature = new Webhook(team.webhookSecret).sign(delivery.id, startedAt, delivery.payload);
      const response = await this.fetcher.post(
        delivery.url,
        delivery.payload,
        {
          'content-type': 'application/json',
          'webhook-id': delivery.id,
          'webhook-timestamp': String(Math.floor(startedAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
        { timeoutMs: this.options.timeoutMs },
      );
      responseStatus = response.status;
      if (response.status < 200 || response.status >= 300) error = `receiver answered ${response.status}`;
    } catch (caught) {
      error = isDrapeError(caught) ? `${caught.code}: ${caught.message}` : 'delivery failed';
      // A forbidden or malformed URL will not get better by waiting.
      permanent = isDrapeError(caught) && !caught.retryable;
    }
    const succeeded = error === null;
    const retryInMs = this.options.retryScheduleMs[attempt - 1];
    const status = succeeded ? 'delivered' : permanent || retryInMs === undefined ? 'failed' : 'pending';
    await webhookStore.recordAttempt(
      this.db,
      {
        id: newId('wha'),
        deliveryId: delivery.id,
        attempt,
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
        responseStatus,
        error,
        succeeded,
      },
      { status, ...(retryInMs === undefined ? {} : { retryInMs }) },
    );
    this.metrics.webhookAttempts.inc({ outcome: succeeded ? 'delivered' : status === 'failed' ? 'failed' : 'retry' });
    this.logger.info({ jobId: delivery.jobId, deliveryId: delivery.id, attempt, responseStatus, status }, 'webhook attempt');
  }
}
