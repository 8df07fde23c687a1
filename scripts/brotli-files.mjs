// Writes a brotli copy (`name.br`, quality 11) beside each of the page's files that a browser
// fetches when it opens a page: the WebAssembly, scripts, styles and HTML pages. A static host
// that serves precompressed files sends these to browsers that take brotli (smaller than gzip
// for the WebAssembly); tests/e2e/server.mjs does. `node scripts/brotli-files.mjs DIR`, or as
// part of the Trunk hook (scripts/finish-page.mjs) with TRUNK_STAGING_DIR set.
import { readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { LIBRARY, files } from './size-check.mjs';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('usage: node scripts/brotli-files.mjs DIR (or run as a Trunk hook)');
  process.exit(2);
}
const KINDS = new Set(['.wasm', '.js', '.css', '.html', '.svg']);

let raw = 0;
let compressed = 0;
// The library modules are fetched one by one and small: they are left to the host's gzip.
const library = join(dir, LIBRARY);
for (const path of files(dir).filter((p) => KINDS.has(extname(p)) && !p.startsWith(library))) {
  const data = readFileSync(path);
  const brotli = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  writeFileSync(`${path}.br`, brotli);
  raw += data.length;
  compressed += brotli.length;
}
console.log(`brotli-files: ${raw} bytes to ${compressed} in brotli copies`);
