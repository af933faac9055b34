// npm run contract:breaking -- <base.json> <head.json>
// Exits 1 when head breaks clients of base without a new major info.version; prints every breaking change.
import { readFileSync } from 'node:fs';
import { checkCompatibility, majorVersion } from './contract-breaking';

const [basePath, headPath] = process.argv.slice(2);
if (!basePath || !headPath) {
  process.stderr.write('usage: npm run contract:breaking -- <base.json> <head.json>\n');
  process.exit(2);
}
const base = JSON.parse(readFileSync(basePath, 'utf8'));
const head = JSON.parse(readFileSync(headPath, 'utf8'));
const { changes, allowed } = checkCompatibility(base, head);
const versions = `${String(base.info?.version)} → ${String(head.info?.version)}`;
for (const change of changes) process.stdout.write(`breaking: ${change.where}: ${change.what}\n`);
if (changes.length === 0) {
  process.stdout.write(`contract ${versions}: no breaking change\n`);
} else if (allowed) {
  process.stdout.write(
    `contract ${versions}: ${changes.length} breaking change(s), allowed by the new major version\n`,
  );
} else {
  process.stderr.write(
    `contract ${versions}: ${changes.length} breaking change(s) without a new major version ` +
      `(info.version major stays ${majorVersion(head)}): keep the old behaviour, or bump CONTRACT_VERSION's major\n`,
  );
  process.exit(1);
}
