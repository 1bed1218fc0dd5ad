import { Webhook } from 'standardwebhooks';
import type { Db } from '../db/db.js';
import { teamStore } from '../db/team-store.js';
import { webhookEndpoint, webhookStore, type WebhookDelivery } from '../db/webhook-store.js';
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

/**
 * Deliveries in flight in one process, and to one endpoint (scheme, host and
 * port). A receiver that hangs holds its deliveries for WEBHOOK_TIMEOUT
 * (15 s): with 4 per endpoint a dead receiver keeps at most 4 connections
 * busy, and 32 in all leave room for 7 such receivers while the rest go out
 * on time.
 */
const MAX_IN_FLIGHT = 32;
const MAX_IN_FLIGHT_PER_ENDPOINT = 4;

/**
 * Delivers queued webhooks: at least once, signed per Standard Webhooks,
 * redirects never followed, every URL through the SSRF guard, one row per
 * attempt, retries on the configured schedule. The schedule lives in the
 * database rows, so retries survive restarts. Deliveries are independent:
 * each poll claims what is due into the free places (overall and per
 * endpoint) without waiting for the attempts already in flight, so a slow or
 * dead endpoint never delays another's.
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private claiming: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly perEndpoint = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly fetcher: SafeFetcher,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly options: WebhookDispatcherOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.dispatchDue(), this.options.pollIntervalMs);
  }

  /** Stop claiming; the attempts in flight finish (each within WEBHOOK_TIMEOUT) and are recorded. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.claiming;
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  /** Claim what is due into the free places and start sending it; one claim at a time. */
  private dispatchDue(): Promise<void> {
    this.claiming ??= this.claimAndStart()
      .catch((error) => this.logger.error({ err: error }, 'webhook dispatch failed'))
      .finally(() => (this.claiming = undefined));
    return this.claiming;
  }

  private async claimAndStart(): Promise<void> {
    const free = MAX_IN_FLIGHT - this.inFlight.size;
    if (free <= 0) return;
    const busy = [...this.perEndpoint].filter(([, count]) => count >= MAX_IN_FLIGHT_PER_ENDPOINT).map(([endpoint]) => endpoint);
    // Locked for two timeouts: long enough to finish, short enough that a crashed sender's claims are retried soon.
    const due = await webhookStore.claimDue(this.db, {
      limit: free,
      lockMs: 2 * this.options.timeoutMs,
      perEndpoint: MAX_IN_FLIGHT_PER_ENDPOINT,
      skipEndpoints: busy,
    });
    const unsent: string[] = [];
    for (const delivery of due) {
      const endpoint = webhookEndpoint(delivery.url);
      const count = this.perEndpoint.get(endpoint) ?? 0;
      if (count >= MAX_IN_FLIGHT_PER_ENDPOINT) {
        unsent.push(delivery.id);
        continue;
      }
      this.perEndpoint.set(endpoint, count + 1);
      const sending: Promise<void> = this.attempt(delivery)
        .catch((error) => this.logger.error({ err: error, deliveryId: delivery.id }, 'webhook attempt failed to record'))
        .finally(() => {
          this.inFlight.delete(sending);
          const left = (this.perEndpoint.get(endpoint) ?? 1) - 1;
          if (left <= 0) this.perEndpoint.delete(endpoint);
          else this.perEndpoint.set(endpoint, left);
        });
      this.inFlight.add(sending);
    }
    await webhookStore.release(this.db, unsent);
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
