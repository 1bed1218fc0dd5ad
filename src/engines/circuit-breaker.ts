/**
 * One engine's circuit: `failures` transient failures in a row open it, and
 * routing skips the engine for `coolDownMs`; then it is half-open, and one
 * trial run decides (success closes it, failure opens it again). Input
 * errors do not count: the engine answered, the photo was at fault.
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private consecutive = 0;
  private openUntil = 0;
  private trialRunning = false;

  constructor(
    private readonly failures: number,
    private readonly coolDownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    if (this.consecutive < this.failures) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** Whether a run may start now; in half-open, only one trial at a time (taken by this call). */
  tryPass(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialRunning) return false;
    this.trialRunning = true;
    return true;
  }

  succeeded(): void {
    this.consecutive = 0;
    this.trialRunning = false;
  }

  failed(): void {
    this.consecutive += 1;
    this.trialRunning = false;
    if (this.consecutive >= this.failures) this.openUntil = this.now() + this.coolDownMs;
  }

  /** A run that ended without a verdict on the engine (canceled): a half-open trial may be taken again. */
  released(): void {
    this.trialRunning = false;
  }
}
