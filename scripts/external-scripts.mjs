// Trunk post-build hook: moves every inline <script> of the built index.html into a file of its
// own beside it, so the page's Content-Security-Policy (index.html) can allow scripts from the
// page's own origin only ('self'), with no inline script and no hash to keep in step with each
// build. Trunk writes its loader (and, under `trunk serve`, its reload script) inline.
//
// Run by Trunk with TRUNK_STAGING_DIR set; `node scripts/external-scripts.mjs DIR` does the same
// to DIR/index.html.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('usage: node scripts/external-scripts.mjs DIR (or run as a Trunk hook)');
  process.exit(2);
}
const page = join(dir, 'index.html');
const html = readFileSync(page, 'utf8');

// An inline script: a <script> tag without src, its attributes kept (type=module and others).
const inline = /<script((?:\s+(?!src\b)[\w-]+(?:=(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*>([\s\S]*?)<\/script>/gi;
let moved = 0;
const out = html.replace(inline, (_, attributes, text) => {
  let body = text;
  if (body.trim() === '') {
    return `<script${attributes}></script>`;
  }
  // The loader fetches the WebAssembly by a path relative to itself, not to the document, so
  // that the tutorial's pages (learn/<slug>/) load it too.
  body = body.replace(/module_or_path: '(\.\/[^']+)'/, "module_or_path: new URL('$1', import.meta.url)");
  const digest = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const name = `start-${digest}.js`;
  writeFileSync(join(dir, name), body);
  const integrity = createHash('sha384').update(body).digest('base64');
  moved += 1;
  return `<script${attributes} src="./${name}" integrity="sha384-${integrity}"></script>`;
});
writeFileSync(page, out);
console.log(`external-scripts: ${moved} inline script(s) of ${page} moved to files`);
