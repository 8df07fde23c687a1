// A static file server for dist/ under a sub-path, so the end-to-end tests also check that the
// page works from any path (docs/design.md, "Deployment"). Like a static host, it sends a
// file's brotli copy beside it (`name.br`, written by the build) to a browser that takes
// brotli, and gzip otherwise.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.md': 'text/markdown; charset=utf-8',
};

/** Files sent compressed: text and WebAssembly, not images already compressed. */
const COMPRESSED = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg', '.md', '.py']);

/** The body and headers for `file` to a browser that accepts `accepted` encodings. */
async function encoded(file, body, accepted, gzipped) {
  if (!COMPRESSED.has(extname(file))) return { body, headers: {} };
  if (/\bbr\b/.test(accepted)) {
    const brotli = await readFile(`${file}.br`).catch(() => null);
    if (brotli) return { body: brotli, headers: { 'content-encoding': 'br' } };
  }
  if (/\bgzip\b/.test(accepted)) {
    if (!gzipped.has(file)) gzipped.set(file, gzipSync(body, { level: 6 }));
    return { body: gzipped.get(file), headers: { 'content-encoding': 'gzip' } };
  }
  return { body, headers: {} };
}

/** Serves `root` at http://127.0.0.1:<random port><prefix>; resolves to { url, close }. */
export async function serve(root, prefix = '/gil-lab/') {
  const gzipped = new Map();
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    if (!path.startsWith(prefix)) {
      response.writeHead(404).end('not found');
      return;
    }
    let relative = normalize(path.slice(prefix.length));
    if (relative.startsWith('..')) {
      response.writeHead(403).end('forbidden');
      return;
    }
    // A folder's page is its index.html (the tutorial's chapters sit at learn/<slug>/).
    if (relative === '.' || relative === '' || path.endsWith('/')) relative = join(relative, 'index.html');
    try {
      const file = join(root, relative);
      const sent = await encoded(file, await readFile(file), request.headers['accept-encoding'] ?? '', gzipped);
      response.writeHead(200, {
        'content-type': TYPES[extname(relative)] ?? 'application/octet-stream',
        'content-length': sent.body.length,
        vary: 'accept-encoding',
        ...sent.headers,
      });
      response.end(sent.body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
