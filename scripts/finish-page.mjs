// Trunk post-build hook: moves the loader out of index.html (scripts/external-scripts.mjs),
// then writes the tutorial's static pages (learn/<slug>/) from that finished index.html with
// the `chapter-pages` tool of crates/chapters, then a brotli copy of each file a page loads
// (scripts/brotli-files.mjs). Trunk starts its hooks side by side, so these steps, which must
// run in this order, are one hook. Run with TRUNK_STAGING_DIR set.
import { execFileSync } from 'node:child_process';

execFileSync('node', ['scripts/external-scripts.mjs'], { stdio: 'inherit' });
execFileSync(
  'cargo',
  ['run', '--quiet', '-p', 'chapters', '--features', 'markdown', '--bin', 'chapter-pages', '--', 'content', 'crates/gil_sim/test_data/seeds'],
  { stdio: 'inherit' },
);
execFileSync('node', ['scripts/brotli-files.mjs'], { stdio: 'inherit' });
