/** `drape jobs list|get|cancel`: the team's jobs from the command line. */
import { Option, type Command } from 'commander';
import type { Job, JobStatus } from '../../client/index.js';
import { action, clientFrom, printJson, withClientOptions, type ClientOptions } from '../client-options.js';
import { CliError, EXIT } from '../exit-codes.js';
import { stagesInOrder } from '../stage-order.js';

const STATUSES = ['queued', 'processing', 'completed', 'failed', 'canceled'];

export function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description("List, inspect and cancel the team's jobs");

  withClientOptions(
    jobs
      .command('list')
      .description('Jobs, newest first')
      .addOption(new Option('--status <status>', 'only jobs in this state').choices(STATUSES))
      .option('--limit <n>', 'how many (1–100)', '20')
      .option('--cursor <cursor>', 'next_cursor of the previous page'),
  ).action(
    action(async (options: ClientOptions & { status?: JobStatus; limit: string; cursor?: string }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
        throw new CliError('invalid_parameter', `--limit must be an integer from 1 to 100, not "${options.limit}"`, EXIT.usage);
      }
      const page = await clientFrom(options).listJobs({ status: options.status, limit, cursor: options.cursor });
      if (options.json) return printJson(page);
      if (page.data.length === 0) process.stdout.write('no jobs\n');
      for (const job of page.data) process.stdout.write(`${jobLine(job)}\n`);
      if (page.next_cursor !== null) process.stdout.write(`more: --cursor ${page.next_cursor}\n`);
    }),
  );

  withClientOptions(
    jobs
      .command('get')
      .description('One job: status, progress, error, timings and result link')
      .argument('<id>', 'job id (job_…)')
      .option('--wait <seconds>', 'hold until the job ends or this many seconds pass'),
  ).action(
    action(async (id: string, options: ClientOptions & { wait?: string }) => {
      const waitSeconds = options.wait === undefined ? undefined : Number(options.wait);
      if (waitSeconds !== undefined && !(waitSeconds >= 0)) {
        throw new CliError('invalid_parameter', `--wait must be a number of seconds, not "${options.wait}"`, EXIT.usage);
      }
      const job = await clientFrom(options).getJob(id, { waitSeconds });
      if (options.json) printJson(job);
      else process.stdout.write(jobDetail(job));
    }),
  );

  withClientOptions(
    jobs.command('cancel').description('Cancel a queued or running job').argument('<id>', 'job id (job_…)'),
  ).action(
    action(async (id: string, options: ClientOptions) => {
      const job = await clientFrom(options).cancelJob(id);
      if (options.json) printJson(job);
      else process.stdout.write(`${job.id} ${job.status === 'canceled' ? 'canceled' : 'stopping at its next stage'}\n`);
    }),
  );
}

function jobLine(job: Job): string {
  const categories = job.input.garments.map((garment) => garment.category).join('+');
  const outcome = job.error?.code ?? (job.status === 'completed' ? '' : `${job.progress}%`);
  return [job.id, job.status.padEnd(10), job.created_at, categories.padEnd(11), outcome].join('  ').trimEnd();
}

function jobDetail(job: Job): string {
  const rows: [string, string][] = [
    ['id', job.id],
    ['status', job.status],
    ['progress', `${job.progress}%`],
    ['created', job.created_at],
    ['finished', job.finished_at ?? '—'],
    ['garments', job.input.garments.map((garment) => garment.category).join(', ')],
  ];
  if (job.error !== null) rows.push(['error', `${job.error.code}: ${job.error.message}`]);
  if (job.result !== null) {
    rows.push(['result', `${job.result.width}×${job.result.height} ${job.result.format}`]);
    rows.push(['url', job.result.image_url ?? '(deleted by retention)']);
  }
  for (const [stage, ms] of stagesInOrder(job.stage_timings)) rows.push([`  ${stage}`, `${ms} ms`]);
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${value}\n`).join('');
}
