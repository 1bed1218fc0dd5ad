import type { Config } from '../config.js';
import type { Db } from '../db/db.js';
import type { Logger } from '../logger.js';
import { creditCosts } from './credit-costs.js';
import { CreditService } from './credit-service.js';
import { ApiKeyService } from './key-service.js';
import { rateLimiterFor, type RateLimiter } from './rate-limiter.js';
import { TeamService } from './team-service.js';
import { UploadBudget } from './upload-budget.js';

export interface Accounts {
  teams: TeamService;
  keys: ApiKeyService;
  credits: CreditService;
  rateLimiter: RateLimiter;
  /** Request bodies held at once in this process. */
  uploads: UploadBudget;
}

/** The accounts services on one database, as the server and the admin CLI both need them. */
export function createAccounts(db: Db, config: Config, logger?: Logger): Accounts {
  const credits = new CreditService(db, creditCosts(config.CREDIT_COSTS), config.CONCURRENCY_LIMIT);
  const keys = new ApiKeyService(db, logger);
  const teams = new TeamService(db, credits, keys, {
    newTeamCredits: config.NEW_TEAM_CREDITS,
    requests: { perSecond: config.RATE_LIMIT, burst: config.RATE_BURST },
    polling: { perSecond: config.POLL_RATE_LIMIT, burst: config.POLL_RATE_BURST },
    concurrency: config.CONCURRENCY_LIMIT,
  });
  return { teams, keys, credits, rateLimiter: rateLimiterFor(db), uploads: new UploadBudget(config.UPLOAD_BYTES_IN_FLIGHT) };
}
