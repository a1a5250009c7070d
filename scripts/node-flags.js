'use strict';
/**
 * The node flags an app runs with, read from its `start:<app>` script in
 * package.json, so `npm start`, the benchmark and `npm run start:<app>` all
 * run an app exactly the same way (package.json is the one place to change
 * them; the Dockerfile and docker-compose.yml repeat them).
 */
const fs = require('node:fs');
const path = require('node:path');

function nodeFlags(app) {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  const script = pkg.scripts[`start:${app}`];
  if (!script) throw new Error(`package.json has no start:${app} script`);
  const words = script.trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`start:${app} does not start with node: ${script}`);
  return words.slice(1).filter((w) => w.startsWith('--'));
}

module.exports = { nodeFlags };
