/**
 * The admin commands work on the configured database directly (DATABASE_URL,
 * or the embedded one under DATA_DIR), with the same services the server uses.
 */
import { createAccounts, type Accounts } from '../accounts/accounts.js';
import { ConfigError, databaseOptions, loadConfig } from '../config.js';
import { openDb, type Db } from '../db/db.js';
import { migrate } from '../db/migrate.js';
import { DrapeError } from '../errors.js';
import { CliError, EXIT } from './exit-codes.js';

/** Open the database, run `work` with the accounts services, close. Errors become CLI errors with stable exit codes. */
export async function withAccounts<T>(work: (accounts: Accounts, db: Db) => Promise<T>): Promise<T> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError('invalid_config', error.message, EXIT.usage);
    throw error;
  }
  const db = await openDb(databaseOptions(config)).catch((error: Error) => {
    throw new CliError('database_unavailable', error.message, EXIT.unavailable);
  });
  try {
    await migrate(db);
    return await work(createAccounts(db, config), db);
  } catch (error) {
    if (error instanceof DrapeError) {
      const exit = error.code === 'insufficient_credits' ? EXIT.limits : EXIT.usage;
      throw new CliError(error.code, error.message, exit);
    }
    throw error;
  } finally {
    await db.close();
  }
}

/** A non-negative integer argument, or a usage error naming it. */
export function parseCount(value: string, name: string, options: { allowNegative?: boolean } = {}): number {
  const number = Number(value);
  if (!Number.isInteger(number) || (!options.allowNegative && number < 0)) {
    throw new CliError('invalid_parameter', `${name} must be ${options.allowNegative ? 'an' : 'a non-negative'} integer, not "${value}"`, EXIT.usage);
  }
  return number;
}
