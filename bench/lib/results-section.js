'use strict';
/**
 * Named sections of bench/RESULTS.md that another script writes: kept
 * between markers, so `npm run bench` (which rewrites the file) keeps
 * every other script's section (bench:data, csv-memory, staff-queries,
 * retention-locks) and each of those replaces only its own.
 */
const begin = (name) => `<!-- section ${name}: written by its own script, kept by the others -->`;
const end = (name) => `<!-- end of section ${name} -->`;

/** The section's text with its markers, or null when the file has none. */
function sectionOf(markdown, name) {
  const from = markdown.indexOf(begin(name));
  const to = markdown.indexOf(end(name));
  if (from < 0 || to < from) return null;
  return markdown.slice(from, to + end(name).length);
}

/** The file with the section replaced, or appended when it had none. */
function withSection(markdown, name, body) {
  const section = `${begin(name)}\n${body.trim()}\n${end(name)}`;
  const old = sectionOf(markdown, name);
  if (old) return markdown.replace(old, () => section);
  return `${markdown.trimEnd()}\n\n${section}\n`;
}

/** Every section the file holds, in order: what a script rewriting the whole file must keep. */
function allSections(markdown) {
  const names = [...markdown.matchAll(/<!-- section ([\w-]+): written by its own script/g)].map((m) => m[1]);
  return names.map((name) => sectionOf(markdown, name)).filter(Boolean);
}

module.exports = { allSections, sectionOf, withSection };
