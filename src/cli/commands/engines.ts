/** `drape engines`: the server's engines in routing order (GET /v1/engines), for --engine and --capability. */
import type { Command } from 'commander';
import { action, clientFrom, printJson, withClientOptions, type ClientOptions } from '../client-options.js';

export function registerEngines(program: Command): void {
  withClientOptions(program.command('engines').description('The server’s engines in routing order: what --engine and --capability may ask for')).action(
    action(async (options: ClientOptions) => {
      const engines = await clientFrom(options).engines();
      if (options.json) return printJson(engines);
      const rows = engines.map((engine) => [
        engine.name,
        engine.kind,
        engine.available === null ? 'unknown' : engine.available ? 'available' : 'unavailable',
        engine.operations.join(','),
        engine.presets?.join(',') ?? 'all',
        engine.capabilities.join(',') || '-',
      ]);
      const table = [['ENGINE', 'KIND', 'NOW', 'OPERATIONS', 'PRESETS', 'CAPABILITIES'], ...rows];
      const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
      for (const row of table) process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`);
    }),
  );
}
