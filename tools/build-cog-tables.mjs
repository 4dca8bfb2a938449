#!/usr/bin/env node
// build-cog-tables.mjs — build Moisson's bundled postal code and EPCI tables.
//
//   cd tools && npm ci && node build-cog-tables.mjs ../data/cog
//
// Source: INSEE's Code officiel géographique and La Poste's postal codes, as
// shipped in the npm package @etalab/decoupage-administratif
// (data/communes.json, data/epci.json).
//
// Writes <outdir>/postal-codes.tsv and <outdir>/epci.tsv: after one comment
// line, one line per code, "code<TAB>départements", the départements sorted
// and comma-separated, the lines sorted by code. A feed gives a postal code
// or an EPCI's SIREN where it gives no département; Moisson reads these
// tables to find the département(s) from them.
// The output is byte-for-byte reproducible: nothing depends on the clock,
// the locale or the order of the source files. Only Node built-ins are used.

import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

const PACKAGE = '@etalab/decoupage-administratif';

// Only départements are placed on the map: communes of the overseas
// collectivities (zone "com": 975, 977, 978, 98x) are left out.
const ZONES = new Set(['metro', 'drom']);

// Communes that have postal codes of their own: current communes, and the
// arrondissements of Paris, Lyon and Marseille. Former (delegated,
// associated) communes carry none.
const TYPES_WITH_POSTAL_CODES = new Set(['commune-actuelle', 'arrondissement-municipal']);

class BuildError extends Error {}

function fail(message) {
  throw new BuildError(message);
}

function readPackageJson(pkg, file) {
  const root = dirname(require.resolve(`${pkg}/package.json`));
  return JSON.parse(readFileSync(join(root, file), 'utf8'));
}

// Plain string order, as strcmp () sorts.
function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function addTo(map, key, value) {
  let set = map.get(key);
  if (set === undefined)
    map.set(key, (set = new Set()));
  set.add(value);
}

// INSEE commune code → département, for the current communes of départements.
function loadCommunes(communes) {
  const byCode = new Map();
  for (const c of communes) {
    if (c.type !== 'commune-actuelle' || !ZONES.has(c.zone))
      continue;
    if (typeof c.departement !== 'string' || c.departement === '')
      fail(`commune ${c.code} has no département`);
    if (byCode.has(c.code))
      fail(`commune ${c.code} is listed twice`);
    byCode.set(c.code, c.departement);
  }
  return byCode;
}

function buildPostalCodes(communes) {
  const byPostalCode = new Map();
  for (const c of communes) {
    if (!TYPES_WITH_POSTAL_CODES.has(c.type) || !ZONES.has(c.zone))
      continue;
    for (const cp of c.codesPostaux ?? []) {
      if (!/^\d{5}$/.test(cp))
        fail(`commune ${c.code}: postal code "${cp}" is not 5 digits`);
      addTo(byPostalCode, cp, c.departement);
    }
  }
  return byPostalCode;
}

// SIREN → départements of its member communes. Every member must be a known
// commune: an EPCI straddles départements, never leaves them.
function buildEpci(epcis, departementOfCommune) {
  const bySiren = new Map();
  for (const e of epcis) {
    if (!/^\d{9}$/.test(e.code))
      fail(`EPCI "${e.nom}": SIREN "${e.code}" is not 9 digits`);
    if (bySiren.has(e.code))
      fail(`EPCI ${e.code} is listed twice`);
    if (!Array.isArray(e.membres) || e.membres.length === 0)
      fail(`EPCI ${e.code} has no member`);
    bySiren.set(e.code, new Set());
    for (const m of e.membres) {
      const departement = departementOfCommune.get(m.code);
      if (departement === undefined)
        fail(`EPCI ${e.code}: member commune ${m.code} is unknown`);
      bySiren.get(e.code).add(departement);
    }
  }
  return bySiren;
}

function toTsv(header, map) {
  const lines = [`# ${header}`];
  for (const key of [...map.keys()].sort(compare))
    lines.push(`${key}\t${[...map.get(key)].sort(compare).join(',')}`);
  return lines.join('\n') + '\n';
}

function countShared(map) {
  return [...map.values()].filter((set) => set.size > 1).length;
}

function main(argv) {
  if (argv.length !== 1) {
    console.error('usage: node build-cog-tables.mjs OUTPUT_DIR');
    return 2;
  }
  const outDir = argv[0];
  const version = readPackageJson(PACKAGE, 'package.json').version;
  const communes = readPackageJson(PACKAGE, 'data/communes.json');
  const epcis = readPackageJson(PACKAGE, 'data/epci.json');
  const source = `from ${PACKAGE} ${version}, by tools/build-cog-tables.mjs`;

  const postalCodes = buildPostalCodes(communes);
  const epci = buildEpci(epcis, loadCommunes(communes));

  mkdirSync(outDir, { recursive: true });
  const postalPath = join(outDir, 'postal-codes.tsv');
  const epciPath = join(outDir, 'epci.tsv');
  writeFileSync(postalPath, toTsv(`postal code → départements of its communes; ${source}`, postalCodes));
  writeFileSync(epciPath, toTsv(`EPCI SIREN → départements of its member communes; ${source}`, epci));

  console.log(`${postalPath}: ${postalCodes.size} postal codes, ${countShared(postalCodes)} in several départements`);
  console.log(`${epciPath}: ${epci.size} EPCI, ${countShared(epci)} in several départements`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof BuildError))
    throw err; // a bug: keep the stack trace
  console.error(`build-cog-tables: error: ${err.message}`);
  process.exitCode = 1;
}
