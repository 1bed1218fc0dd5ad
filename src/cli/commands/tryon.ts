/**
 * `drape tryon PERSON GARMENT`: submit, follow with a progress bar, save the
 * result, print the timings. With --coarse it refines that try-on result
 * instead (POST /v1/refine).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import type { DrapeClient, ImageInput, Job, OutputFormat } from '../../client/index.js';
import { action, clientFrom, printJson, withClientOptions, type ClientOptions } from '../client-options.js';
import { CliError, EXIT } from '../exit-codes.js';
import { stagesInOrder } from '../stage-order.js';

interface TryOnOptions extends ClientOptions {
  category: string;
  output?: string;
  format?: OutputFormat;
  preset?: 'fast' | 'balanced' | 'quality';
  engine?: string;
  capability?: string[];
  coarse?: string;
  gender?: 'woman' | 'man';
  timeout: string;
  progress: boolean;
}

const URL_INPUT = /^https?:\/\//i;
const FORMAT_OF_EXTENSION: Record<string, OutputFormat> = { '.jpg': 'jpeg', '.jpeg': 'jpeg', '.png': 'png', '.webp': 'webp' };

export function registerTryOn(program: Command): void {
  withClientOptions(
    program
      .command('tryon')
      .description('Dress the person in the garment and save the result')
      .argument('<person>', 'person photo: a file or an http(s) URL')
      .argument('<garment>', 'garment photo: a file or an http(s) URL')
      .addOption(new Option('-c, --category <category>', 'garment category').default('auto'))
      .option('-o, --output <file>', 'where to write the result (default: <person>-tryon.<format>)')
      .addOption(new Option('-f, --format <format>', 'result format (default: from -o, else jpeg)').choices(['jpeg', 'png', 'webp']))
      .addOption(new Option('--preset <preset>', 'speed/quality trade-off').choices(['fast', 'balanced', 'quality']))
      .option('--engine <name>', 'run on this engine first (`drape engines` lists them); routing falls back to the others')
      .option('--capability <name...>', 'run only on engines that declare these capabilities (`drape engines` lists them)')
      .option('--coarse <file>', 'refine this try-on result (from Drape or another service) instead of starting afresh')
      .addOption(new Option('--gender <gender>', 'the person’s gender, for --coarse').choices(['woman', 'man']))
      .option('--timeout <seconds>', 'give up waiting after this many seconds', '300')
      .option('--no-progress', 'no progress bar'),
  ).action(action(async (person: string, garment: string, options: TryOnOptions) => tryOn(person, garment, options)));
}

async function tryOn(personArg: string, garmentArg: string, options: TryOnOptions): Promise<void> {
  const timeoutSeconds = Number(options.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new CliError('invalid_parameter', `--timeout must be a positive number of seconds, not "${options.timeout}"`, EXIT.usage);
  }
  const outputFormat = options.format ?? (options.output === undefined ? undefined : FORMAT_OF_EXTENSION[extname(options.output).toLowerCase()]);
  const [person, garment, coarse] = await Promise.all([
    readInput(personArg, 'person'),
    readInput(garmentArg, 'garment'),
    options.coarse === undefined ? undefined : readInput(options.coarse, 'coarse'),
  ]);
  const client = clientFrom(options);
  const started = performance.now();
  const params = {
    person,
    garment,
    category: options.category,
    outputFormat,
    preset: options.preset,
    ...(options.engine === undefined ? {} : { engine: options.engine }),
    ...(options.capability === undefined ? {} : { capabilities: options.capability }),
  };
  const submitted =
    coarse === undefined
      ? await client.tryOn(params)
      : await client.refine({ ...params, coarse, ...(options.gender === undefined ? {} : { gender: options.gender }) });

  // Ctrl-C while waiting cancels the job on the server too, so it does not run (and charge) for nobody.
  const onInterrupt = () => {
    void client.cancelJob(submitted.id).finally(() => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  const bar = options.progress && !options.json && process.stderr.isTTY ? progressBar() : undefined;
  let job: Job;
  try {
    job = await client.waitForJob(submitted, {
      timeoutMs: timeoutSeconds * 1000,
      ...(bar === undefined ? {} : { onProgress: (seen: Job) => bar.update(seen.progress, { stage: seen.status }) }),
    });
  } finally {
    bar?.stop();
    process.off('SIGINT', onInterrupt);
  }

  if (job.status !== 'completed') {
    if (options.json) printJson(job);
    throw new CliError(job.error?.code ?? 'canceled', job.error?.message ?? `job ${job.id} was canceled`, EXIT.jobFailed);
  }
  const output = options.output ?? defaultOutput(personArg, job.result!.format, coarse === undefined ? 'tryon' : 'refined');
  await save(client, job, output);
  const elapsedMs = performance.now() - started;
  if (options.json) printJson(job);
  else process.stdout.write(summary(job, output, elapsedMs));
}

async function readInput(argument: string, what: string): Promise<ImageInput> {
  if (URL_INPUT.test(argument)) return argument;
  try {
    return await readFile(argument);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError('file_not_found', `cannot read the ${what} photo ${argument} (${reason})`, EXIT.usage);
  }
}

function defaultOutput(personArg: string, format: string, suffix: string): string {
  const name = URL_INPUT.test(personArg) ? basename(new URL(personArg).pathname) || 'person' : basename(personArg);
  const stem = name.slice(0, name.length - extname(name).length) || 'person';
  return `${stem}-${suffix}.${format === 'jpeg' ? 'jpg' : format}`;
}

async function save(client: DrapeClient, job: Job, output: string): Promise<void> {
  const { bytes } = await client.download(job);
  try {
    await writeFile(output, bytes);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError('output_not_writable', `cannot write ${output} (${reason})`, EXIT.usage);
  }
}

function progressBar(): SingleBar {
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'drape [{bar}] {percentage}% {stage}',
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(100, 0, { stage: 'queued' });
  return bar;
}

/** The result's path, then one line per engine stage and the totals, aligned for reading. */
export function summary(job: Job, output: string, elapsedMs: number): string {
  const result = job.result!;
  const lines = [`${output}  ${result.width}×${result.height} ${result.format}  (${job.id})`];
  const rows: [string, string][] = stagesInOrder(job.stage_timings).map(([stage, ms]) => [stage, `${ms} ms`]);
  if (job.finished_at !== null) {
    rows.push(['server total', `${new Date(job.finished_at).getTime() - new Date(job.created_at).getTime()} ms`]);
  }
  rows.push(['wall clock', `${Math.round(elapsedMs)} ms`]);
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value] of rows) lines.push(`  ${name.padEnd(width)}  ${value.padStart(9)}`);
  return `${lines.join('\n')}\n`;
}
