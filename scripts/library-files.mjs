// Trunk post-build hook: puts the library modules the page fetches (GIL Lab's `threading`,
// `queue`, ...) beside its WebAssembly, in library/. The WebAssembly names each file it may
// fetch (library/<module>-<hash of its text>.py); this copies exactly those from
// target/library-web/, where the simulator's build script writes them, and fails when one is
// missing.
//
// Run by Trunk with TRUNK_STAGING_DIR set; `node scripts/library-files.mjs DIR` does the same
// for DIR.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('usage: node scripts/library-files.mjs DIR (or run as a Trunk hook)');
  process.exit(2);
}
const from = join(import.meta.dirname, '..', process.env.CARGO_TARGET_DIR ?? 'target', 'library-web');
const wasm = readdirSync(dir).filter((name) => name.endsWith('.wasm'));
const named = new Set();
for (const name of wasm) {
  const text = readFileSync(join(dir, name)).toString('latin1');
  for (const match of text.matchAll(/library\/([\w.]+-[0-9a-f]{16}\.py)/g)) named.add(match[1]);
}
if (named.size === 0) {
  console.error(`library-files: no library file is named in ${dir}/*.wasm`);
  process.exit(1);
}
mkdirSync(join(dir, 'library'), { recursive: true });
const missing = [...named].filter((file) => !existsSync(join(from, file)));
if (missing.length > 0) {
  console.error(`library-files: ${missing.join(', ')} not in ${from}; \`cargo clean -p gil_sim\` rebuilds them`);
  process.exit(1);
}
for (const file of named) copyFileSync(join(from, file), join(dir, 'library', file));
console.log(`library-files: ${named.size} library modules copied beside the page`);
