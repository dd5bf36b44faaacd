#!/usr/bin/env node
// virsh. The program is dist/src/cli/virsh/main.js (built by tsc); `npm run build` also bundles
// it with V8 code caches (tools/build-virsh.mjs), which starts several times faster than loading
// the ~150 modules one by one. The bundles are used only while every file they were made from is
// unchanged in dist/, so a plain `npx tsc -p .` (or `tsc --watch`) never leaves virsh running
// stale code: it falls back to the module tree until the next `npm run build`. tsc rewrites its
// incremental build info (dist/tsconfig.tsbuildinfo) whenever it emits, so while that file is as
// the build saw it one stat suffices; otherwise every input is compared. (A dist/ file edited by
// hand, not by tsc, goes unnoticed until the build info changes.)
// TSVIRT_VIRSH_UNBUNDLED=1 forces the module tree; TSVIRT_VIRSH_REPORT_MODE=1 says which runs.
//
// This file is CommonJS (and bin/virsh links to it) because an ES module entry costs Node several
// milliseconds more to start.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const outDir = path.join(root, 'dist', 'virsh');

/**
 * require() for the bundles, once per module: Node runs a builtin's require() through its CommonJS
 * loader and re-syncs the builtin's ES module facade on every call, which the bundles' repeated
 * require("node:fs") and friends made cost ~1 ms.
 */
const required = new Map([
  ['node:fs', fs],
  ['node:path', path],
]);
function requireOnce(id) {
  let m = required.get(id);
  if (m === undefined) required.set(id, (m = require(id)));
  return m;
}

function manifestPath() {
  return process.env.TSVIRT_VIRSH_MANIFEST || path.join(outDir, 'manifest.json');
}

/** manifest.json as tools/build-virsh.mjs writes it, or null. */
function readManifest() {
  try {
    return JSON.parse(fs.readFileSync(manifestPath(), 'utf8'));
  } catch {
    return null;
  }
}

/** Whether tsc's build info is as it was when the bundles were made: then it has emitted nothing since. */
function stampUnchanged(manifest) {
  const stamp = manifest.stamp;
  if (stamp == null) return false;
  const st = fs.statSync(root + path.sep + stamp.path, { throwIfNoEntry: false });
  return st !== undefined && st.size === stamp.size && st.mtimeMs === stamp.mtime;
}

/** Whether the bundles match dist/: the quick stamp check, else the check of every input. */
function bundlesCurrent(manifest) {
  return stampUnchanged(manifest) || inputsUnchanged(manifest);
}

/**
 * Whether every input of the bundles is as it was: same size and time, or else same content.
 * The manifest keeps the inputs as columns (one string of paths, arrays of sizes and times, one
 * string of SHA-1s): parsing an array per input cost more than the rest of this check.
 * (Paths are joined by hand: path.join costs more than the stat calls here.)
 */
function inputsUnchanged(manifest) {
  const base = root + path.sep;
  const { sizes, mtimes } = manifest.inputs;
  const stamp = manifest.stamp;
  const info = stamp == null ? undefined : fs.statSync(base + stamp.path, { throwIfNoEntry: false });
  const paths = manifest.inputs.paths.split('\n');
  let touched = null;
  for (let i = 0; i < paths.length; i++) {
    const st = fs.statSync(base + paths[i], { throwIfNoEntry: false });
    if (st === undefined || st.size !== sizes[i]) return false;
    if (st.mtimeMs !== mtimes[i]) (touched ??= []).push([i, st.mtimeMs]);
  }
  // The inputs are current: note the build info's state (seen before them, since tsc writes it
  // after its outputs), so that the next start needs the quick check only.
  const stampMoved = stamp != null && info !== undefined && (info.size !== stamp.size || info.mtimeMs !== stamp.mtime);
  if (stampMoved) {
    stamp.size = info.size;
    stamp.mtime = info.mtimeMs;
  }
  if (touched === null) {
    if (stampMoved) saveManifest(manifest);
    return true;
  }
  // tsc may rewrite an output unchanged (a full build rewrites all): only a change of content
  // makes the bundles stale.
  const { createHash } = require('node:crypto');
  const sha1 = manifest.inputs.sha1;
  for (const [i] of touched) {
    if (createHash('sha1').update(fs.readFileSync(base + paths[i])).digest('hex') !== sha1.slice(i * 40, i * 40 + 40)) return false;
  }
  // Same content: note the new times so that the next start is quick again.
  for (const [i, mtimeMs] of touched) mtimes[i] = mtimeMs;
  saveManifest(manifest);
  return true;
}

/**
 * Rewrite the manifest with the times just checked. Only a cache; a read-only tree or a
 * concurrent writer just means checking every input again next time.
 */
function saveManifest(manifest) {
  try {
    const tmp = `${manifestPath()}.${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify(manifest));
    fs.renameSync(tmp, manifestPath());
  } catch {
    // Left as it was.
  }
}

/** The bundles of one build, evaluated on demand. */
class Bundles {
  constructor(manifest) {
    this.manifest = manifest;
    /** Compiled scripts by file name, for the code caches made at build time. */
    this.scripts = new Map();
    this.main = null;
    this.parts = new Map();
    this.import = (spec) => this.#import(spec);
  }

  /** Run one bundle file; returns its module.exports. */
  #evaluate(file, cacheFile, req) {
    const m = this.manifest;
    const full = path.join(outDir, file);
    const source = fs.readFileSync(full, m.encoding === 'latin1' ? 'latin1' : 'utf8');
    if (!source.endsWith(`\n//# tsvirt-build=${m.id}\n`)) throw new Error(`${full} is not from build ${m.id}`);
    let cachedData;
    try {
      cachedData = fs.readFileSync(path.join(outDir, cacheFile));
    } catch {
      // No cache: V8 compiles the source.
    }
    const vm = require('node:vm');
    const script = new vm.Script(source, { filename: full, cachedData });
    this.scripts.set(file, { script, cacheFile });
    const mod = { exports: {} };
    script.runInThisContext()(mod.exports, req, mod, full, outDir, this.import);
    return mod.exports;
  }

  loadMain() {
    this.main = this.#evaluate(this.manifest.main.bundle, this.manifest.main.cache, requireOnce);
    return this.main;
  }

  /** A part's modules, after the main bundle's modules it needs at once. */
  async #part(name) {
    const info = this.manifest.parts[name];
    const registry = this.main.__tsvirtShared;
    const shared = new Map();
    await Promise.all(info.needs.map(async (p) => shared.set(p, await registry[p]())));
    const req = (id) => {
      if (!id.startsWith('tsvirt-shared:')) return requireOnce(id);
      const ns = shared.get(id.slice('tsvirt-shared:'.length));
      if (ns === undefined) throw new Error(`virsh bundle: ${id} was not loaded for part ${name}`);
      return ns;
    };
    try {
      return this.#evaluate(info.bundle, info.cache, req).modules;
    } catch (e) {
      if (e.code === 'ENOENT') throw new Error(`${info.bundle} is gone: virsh was rebuilt while this one ran`);
      throw e;
    }
  }

  /** import() for the bundles: packages, parts ("tsvirt-part:PART#PATH") and shared modules. */
  async #import(spec) {
    if (spec.startsWith('tsvirt-part:')) {
      const [name, file] = spec.slice('tsvirt-part:'.length).split('#');
      let p = this.parts.get(name);
      if (p === undefined) this.parts.set(name, (p = this.#part(name)));
      return (await p)[file];
    }
    if (spec.startsWith('tsvirt-shared:')) return this.main.__tsvirtShared[spec.slice('tsvirt-shared:'.length)]();
    return import(spec);
  }

  /** Build time: compile the parts too, then save every code cache. */
  saveCaches() {
    const vm = require('node:vm');
    for (const info of Object.values(this.manifest.parts)) {
      if (this.scripts.has(info.bundle)) continue;
      const source = fs.readFileSync(path.join(outDir, info.bundle), this.manifest.encoding === 'latin1' ? 'latin1' : 'utf8');
      this.scripts.set(info.bundle, { script: new vm.Script(source, { filename: path.join(outDir, info.bundle) }), cacheFile: info.cache });
    }
    for (const { script, cacheFile } of this.scripts.values()) fs.writeFileSync(path.join(outDir, cacheFile), script.createCachedData());
  }
}

async function run() {
  const manifest = process.env.TSVIRT_VIRSH_UNBUNDLED ? null : readManifest();
  let bundles = null;
  if (manifest !== null && bundlesCurrent(manifest)) {
    bundles = new Bundles(manifest);
    try {
      bundles.loadMain();
    } catch (e) {
      if (process.env.TSVIRT_VIRSH_TRAIN) throw e;
      bundles = null;
    }
  }
  if (process.env.TSVIRT_VIRSH_TRAIN) {
    // Build time: run typical commands so that the functions they use are compiled, then save
    // the compiled code.
    if (bundles === null) throw new Error('virsh bundle not usable for training');
    for (const argv of JSON.parse(process.env.TSVIRT_VIRSH_TRAIN)) await bundles.main.main(argv, 'virsh');
    bundles.saveCaches();
    return 0;
  }
  if (process.env.TSVIRT_VIRSH_REPORT_MODE) process.stderr.write(bundles ? `virsh: bundle ${manifest.id}\n` : 'virsh: module tree\n');
  let main = bundles?.main.main;
  if (main === undefined) {
    const entry = path.join(root, 'dist', 'src', 'cli', 'virsh', 'main.js');
    if (!fs.existsSync(entry)) {
      process.stderr.write(`${path.relative(process.cwd(), entry)} is missing: run \`npm run build\` first\n`);
      return 1;
    }
    ({ main } = await import(require('node:url').pathToFileURL(entry).href));
  }
  return main(process.argv.slice(2));
}

run().then((status) => process.exit(status));
