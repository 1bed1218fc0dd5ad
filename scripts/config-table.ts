/** Print the README's configuration table from the config schema: `npm run config:table`. */
import { describeConfig } from '../src/config.js';

export function configTable(): string {
  const rows = describeConfig().map(
    (row) => `| \`${row.name}\` | ${row.default === '' ? '' : `\`${row.default}\``} | ${row.description} |`,
  );
  return ['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${configTable()}\n`);
