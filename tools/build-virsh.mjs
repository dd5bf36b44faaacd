#!/usr/bin/env node
// Builds the fast virsh entry from what tsc emitted for the virsh program
// (dist/src/cli/virsh/main.js and everything it imports): CommonJS bundles with V8 code caches,
// and a manifest of their inputs. bin/virsh.cjs runs the bundles while the manifest still
// matches dist/, and the plain module tree otherwise. Run after tsc (`npm run build` does both).
//
// Why: loading ~150 ES modules costs resolution plus a compile per file, and compiling even one
// 1 MB bundle costs ~25 ms; with a code cache V8 skips parsing and compiling. Startup then goes
// mostly into reading and deserialising, which grow with size (~2 ms per MB read here), so code
// behind the program's lazy imports (import()) goes into separate "parts" read on first use: each
// command group's module (the shell loads one group per command), what only remote connections
// use (RPC client, protocol tables), domain XML parsing, and so on (see partOf). Modules needed
// by the main bundle or by two parts stay in the main bundle, so every module has exactly one
// instance; a lazy import of a module the main bundle holds anyway stays a plain call into it.
//
// Outputs (in dist/virsh/, names carry a fresh build id):
//   virsh-<id>.cjs / .cache            the main bundle and its code cache, made by running the
//                                      bundle on a few typical commands
//   virsh-<id>-<part>.cjs / .cache     each part, and a code cache of its top level
//   manifest.json                      { id, encoding, main: {bundle, cache}, parts: {...},
//                                        inputs: { paths: "PATH\nPATH...", sizes: [...],
//                                                  mtimes: [mtimeMs...], sha1: "HEX40HEX40..." },
//                                        stamp: { path, size, mtime } of tsc's build info, or null }
//
// Every bundle is one function expression: (function (exports, require, module, __filename,
// __dirname, __tsvirtImport) { ... }), ending with a line naming the build id. Dynamic imports of
// packages and parts go through __tsvirtImport, because import() inside code that V8 loaded
// from a code cache fails in Node 20 ("A dynamic import callback was not specified").
import { build } from 'esbuild';
import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist/src/cli/virsh/main.js');
const outDir = join(root, 'dist/virsh');
/** tsc's incremental build info (tsconfig.json's tsBuildInfoFile), relative to the root. */
const BUILD_INFO = 'dist/tsconfig.tsbuildinfo';

/** Commands run to fill the main code cache: the ones scripts run in loops. */
const TRAINING = [
  ['-c', 'test:///default', 'list', '--all'],
  ['-c', 'test:///default', 'dominfo', 'test'],
];

/**
 * Parts start at dynamic imports: a module the program imports with import() is one it does not
 * need yet, so it goes into a part read on first use instead of the main bundle, whose every
 * function costs each start (reading it, and deserialising the code cache, which holds every
 * function declared in code that ran). `partOf` names the part of such a module (several lazily
 * imported modules can share one), or null for the ones every command needs at once, which
 * stay in the bundle of their importer. A lazily imported module that another bundle also holds
 * (the main bundle, or a second part) goes to the main bundle, so every module has one instance.
 */
const ALWAYS_NEEDED = new Set(['dist/src/api/index.js', 'dist/src/cli/vsh/auth.js']);

function partOf(path) {
  if (ALWAYS_NEEDED.has(path)) return null;
  // Command modules: groups.ts loads one group per command.
  if (path.startsWith('dist/src/cli/virsh/commands/')) return `group-${basename(path, '.js')}`;
  // What only remote connections use (RPC client, protocol tables, transports): one part.
  if (path.startsWith('dist/src/drivers/remote/')) return 'remote';
  // Domain XML parsing and formatting share most of their modules.
  if (path.startsWith('dist/src/conf/domain/')) return 'domain-xml';
  return path.replace(/^dist\/src\//, '').replace(/\.js$/, '').replace(/[^A-Za-z0-9]+/g, '-');
}

/**
 * Dynamic import of a module of ours from a bundle: null keeps it in the bundle (esbuild inlines
 * it, initialised on first import), else it becomes an external "tsvirt-part:PART#PATH", recorded
 * in `parts` (part → the paths it starts at). `self` is the part being built (null: main bundle).
 */
function lazyImport(args, parts, inMain, self) {
  if (args.kind !== 'dynamic-import') return undefined;
  const p = rel(resolve(args.resolveDir, args.path));
  if (inMain.has(p)) return undefined;
  const part = partOf(p);
  if (part === null || part === self) return undefined;
  if (!parts.has(part)) parts.set(part, new Set());
  parts.get(part).add(p);
  return { path: `tsvirt-part:${part}#${p}`, external: true };
}

const WRAPPER_START = '(function (exports, require, module, __filename, __dirname, __tsvirtImport) {';

/**
 * Builtin modules that cost their first require (node:fs/promises loads the readline and
 * file-watching internals; node:os ~0.2 ms) but are only used by a few code paths. The main
 * bundle gets a stand-in whose functions (and objects, through a proxy) require the real module
 * on first use, so code that imports them at the top level costs nothing until it uses them.
 * Other values (strings, numbers) are not offered: importing one fails the build.
 */
const LAZY_BUILTINS = ['node:fs/promises', 'fs/promises', 'node:os', 'os'];

const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const filter = new RegExp(`^(${LAZY_BUILTINS.map((s) => s.replace(/[/]/g, '\\/')).join('|')})$`);
    // The stand-in's own require() of the real module stays a require.
    b.onResolve({ filter }, (args) => (args.namespace === 'lazy-builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => {
      const real = await import(args.path);
      const lines = [`let m;`, `const get = () => (m ??= require(${JSON.stringify(args.path)}));`];
      for (const [name, value] of Object.entries(real)) {
        if (name === 'default') continue;
        if (typeof value === 'function') lines.push(`export function ${name}(...a) { return get().${name}(...a); }`);
        else if (typeof value === 'object' && value !== null) lines.push(`export const ${name} = new Proxy({}, { get: (_, k) => get().${name}[k], has: (_, k) => k in get().${name}, ownKeys: () => Reflect.ownKeys(get().${name}), getOwnPropertyDescriptor: (_, k) => Reflect.getOwnPropertyDescriptor(get().${name}, k) });`);
      }
      lines.push(`export default new Proxy({}, { get: (_, k) => get()[k] });`);
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

/**
 * The main bundle's command index (src/cli/virsh/command-index.ts is null in the module tree):
 * which group holds each command, read from this build's own command modules.
 */
async function commandIndexPlugin() {
  const { cmdGroups } = await import(pathToFileURL(join(root, 'dist/src/cli/virsh/groups.js')).href);
  const index = {};
  const lists = await Promise.all(cmdGroups.map((g) => g.load()));
  lists.forEach((cmds, i) => {
    for (const c of cmds) if (!Object.hasOwn(index, c.name)) index[c.name] = i;
  });
  return {
    name: 'command-index',
    setup(b) {
      b.onLoad({ filter: /[\\/]dist[\\/]src[\\/]cli[\\/]virsh[\\/]command-index\.js$/ }, () => ({
        contents: `export const commandIndex = ${JSON.stringify(index)};`,
        loader: 'js',
      }));
    },
  };
}

const rel = (abs) => relative(root, abs).split('\\').join('/');

/**
 * The main bundle. Its dynamic imports of modules of ours become parts (lazyImport), except of
 * modules it holds anyway (`inMain`, found by the previous round); `shared` (paths parts take from
 * the main bundle) is exported as `__tsvirtShared`, a table of loaders, which also pulls into the
 * main bundle any of them it would not otherwise hold.
 */
function mainOptions(plugins, parts, shared, inMain) {
  return {
    entryPoints: [entry],
    plugins: [
      ...plugins,
      {
        name: 'parts',
        setup(b) {
          b.onResolve({ filter: /^tsvirt-registry:/ }, (args) => ({ path: args.path.slice('tsvirt-registry:'.length) }));
          b.onResolve({ filter: /^\.\.?\// }, (args) => lazyImport(args, parts, inMain, null));
          if (shared.length > 0) {
            b.onLoad({ filter: /[\\/]dist[\\/]src[\\/]cli[\\/]virsh[\\/]main\.js$/ }, () => {
              const table = shared.map((p) => `  ${JSON.stringify(p)}: () => import(${JSON.stringify(`tsvirt-registry:${join(root, p)}`)}),`);
              return {
                contents: `${readFileSync(entry, 'utf8')}\nexport const __tsvirtShared = {\n${table.join('\n')}\n};\n`,
                loader: 'js',
                resolveDir: dirname(entry),
              };
            });
          }
        },
      },
    ],
  };
}

/**
 * A part: the modules it starts at, with every module the main bundle holds taken from the main
 * bundle, and its own dynamic imports of modules of other parts going to those parts.
 */
function partOptions(part, points, mainInputs, parts) {
  return {
    stdin: {
      // A starting point the main bundle holds anyway is taken from it like any other module.
      contents: points.map((p, i) => `import * as m${i} from ${JSON.stringify(mainInputs.has(p) ? `tsvirt-shared:${p}` : join(root, p))};`).join('\n') +
        `\nexport const modules = { ${points.map((p, i) => `${JSON.stringify(p)}: m${i}`).join(', ')} };\n`,
      resolveDir: root,
      sourcefile: `tsvirt:part-${part}.js`,
      loader: 'js',
    },
    plugins: [
      {
        name: 'shared',
        setup(b) {
          b.onResolve({ filter: /^tsvirt-shared:/ }, (args) => ({ path: args.path, external: true }));
          b.onResolve({ filter: /^\.\.?\// }, (args) => {
            const p = rel(resolve(args.resolveDir, args.path));
            if (mainInputs.has(p)) return { path: `tsvirt-shared:${p}`, external: true };
            return lazyImport(args, parts, mainInputs, part);
          });
        },
      },
    ],
  };
}

const files = (b) => b.inputs.filter((p) => !p.includes(':'));

/**
 * The main bundle and the parts. Repeated until no module is in two bundles, the main bundle
 * exports every module a part takes from it, and the main bundle's dynamic imports of its own
 * modules stay inside it; each round only moves modules into the main bundle, so this ends.
 */
async function bundleAll(plugins) {
  let shared = [];
  let inMain = new Set();
  for (;;) {
    const parts = new Map();
    const main = await bundle(mainOptions(plugins, parts, shared, inMain));
    const mainInputs = new Set(files(main));
    // Parts found in parts' own dynamic imports (or new starting points of known parts) are
    // built in turn.
    const builds = new Map();
    const size = (n) => parts.get(n).size;
    for (let built = new Map(); ; ) {
      const todo = [...parts.keys()].filter((n) => built.get(n) !== size(n));
      if (todo.length === 0) break;
      for (const n of todo) built.set(n, size(n));
      const results = await Promise.all(todo.map((n) => bundle(partOptions(n, [...parts.get(n)].sort(), mainInputs, parts))));
      todo.forEach((n, i) => builds.set(n, results[i]));
    }
    const names = [...builds.keys()].sort();
    const want = new Set(shared);
    const owner = new Map();
    for (const n of names) {
      const b = builds.get(n);
      for (const u of b.imports) if (u.external && u.path.startsWith('tsvirt-shared:')) want.add(u.path.slice('tsvirt-shared:'.length));
      for (const p of files(b)) {
        if (owner.has(p) && owner.get(p) !== n) want.add(p);
        owner.set(p, n);
      }
    }
    const settled = [...mainInputs].every((p) => inMain.has(p));
    if (want.size === shared.length && settled) {
      return {
        main,
        parts: names.map((n) => {
          const b = builds.get(n);
          const uses = b.imports.filter((u) => u.external && u.kind !== 'dynamic-import' && u.path.startsWith('tsvirt-shared:'));
          // The modules a part needs at once (its static imports) are loaded before it runs.
          return { name: n, build: b, needs: [...new Set(uses.map((u) => u.path.slice('tsvirt-shared:'.length)))].sort() };
        }),
      };
    }
    shared = [...want].sort();
    inMain = mainInputs;
  }
}

async function bundle(options) {
  const result = await build({
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Packages stay outside: libxml2-wasm must load lazily and ssh2 has native parts.
    packages: 'external',
    // Whitespace and syntax only: smaller to read, while names stay readable in stack traces.
    // (TSVIRT_VIRSH_UNBUNDLED=1 runs the module tree, with real file and line numbers.)
    minifyWhitespace: true,
    minifySyntax: true,
    charset: 'ascii',
    metafile: true,
    write: false,
    logLevel: 'warning',
    absWorkingDir: root,
    ...options,
  });
  const out = Object.values(result.metafile.outputs)[0];
  return { code: result.outputFiles[0].text, inputs: Object.keys(out.inputs), imports: out.imports };
}

/**
 * esbuild makes a namespace object for every module reached through import() or handed to parts,
 * at the top level of the bundle: `var x_exports = {}; __export(x_exports, { name: () => name })`.
 * Defining their ~600 accessor properties cost each start ~0.5 ms, for namespaces that a one-shot
 * command mostly never reads. Each becomes a proxy over the same getters, which costs nothing
 * until it is read (and reads stay live, as the getters are).
 */
const NAMESPACE = /var ([\w$]+)=\{\};__export\(\1,(\{(?:(?:[\w$]+|"[^"\\]*"):\(\)=>[\w$]+,?)*\})\);/g;
const NAMESPACE_HELPER =
  'var __tsvirtNamespace=(all)=>new Proxy(Object.create(null),{' +
  'get:(_,k)=>Object.hasOwn(all,k)?all[k]():void 0,' +
  'has:(_,k)=>Object.hasOwn(all,k),' +
  'ownKeys:()=>Reflect.ownKeys(all),' +
  'getOwnPropertyDescriptor:(_,k)=>Object.hasOwn(all,k)?{get:all[k],set:void 0,enumerable:!0,configurable:!0}:void 0,' +
  'set:()=>!1,defineProperty:()=>!1,deleteProperty:()=>!1});';

function lazyNamespaces(code) {
  const out = code.replace(NAMESPACE, 'var $1=__tsvirtNamespace($2);');
  if (/var [\w$]+_exports=\{\};__export\(/.test(out)) throw new Error('build-virsh: a module namespace was not made lazy (esbuild output changed?)');
  return out;
}

/** Route the dynamic imports left in `code` (packages, parts, shared modules) to __tsvirtImport. */
function routeDynamicImports(code, imports, id) {
  for (const spec of new Set(imports.filter((i) => i.external && i.kind === 'dynamic-import').map((i) => i.path))) {
    const call = `import(${JSON.stringify(spec)})`;
    if (!code.includes(call)) throw new Error(`build-virsh: cannot find ${call} in the bundle`);
    code = code.split(call).join(`__tsvirtImport(${JSON.stringify(spec)})`);
  }
  return `${WRAPPER_START}${NAMESPACE_HELPER}${lazyNamespaces(code)}\n})\n//# tsvirt-build=${id}\n`;
}

function sha1(buf) {
  return createHash('sha1').update(buf).digest('hex');
}

async function main() {
  if (!existsSync(entry)) throw new Error(`${relative(root, entry)} is missing; run tsc first`);
  mkdirSync(outDir, { recursive: true });
  const id = randomBytes(8).toString('hex');
  const plugins = [lazyBuiltins, await commandIndexPlugin()];

  const { main, parts } = await bundleAll(plugins);
  const outputs = [{ name: `virsh-${id}`, b: main }, ...parts.map((p) => ({ name: `virsh-${id}-${p.name}`, b: p.build }))];
  const sources = outputs.map((f) => routeDynamicImports(f.b.code, f.b.imports, id));
  // An ASCII bundle can be read as latin1, which makes a one-byte string without decoding.
  const encoding = sources.every((s) => /^[\x00-\x7f]*$/.test(s)) ? 'latin1' : 'utf8';
  const inputPaths = new Set(outputs.flatMap((f) => files(f.b)));
  const inputs = { paths: [], sizes: [], mtimes: [], sha1: [] };
  for (const p of [...inputPaths].sort()) {
    const abs = join(root, p);
    const st = statSync(abs);
    inputs.paths.push(p);
    inputs.sizes.push(st.size);
    inputs.mtimes.push(st.mtimeMs);
    inputs.sha1.push(sha1(readFileSync(abs)));
  }
  const count = inputs.paths.length;
  inputs.paths = inputs.paths.join('\n');
  inputs.sha1 = inputs.sha1.join('');
  // tsc (tsconfig "incremental") rewrites its build info after every emit, in watch mode too:
  // while its time is the one seen here, nothing in dist/ was re-emitted since this build.
  const buildInfo = statSync(join(root, BUILD_INFO), { throwIfNoEntry: false });
  const stamp = buildInfo === undefined ? null : { path: BUILD_INFO, size: buildInfo.size, mtime: buildInfo.mtimeMs };

  // Write the new files under fresh names, then switch the manifest in one rename, so that a
  // virsh started meanwhile sees either the old set or the new one.
  outputs.forEach((f, i) => writeFileSync(join(outDir, `${f.name}.cjs`), sources[i], encoding));
  const manifest = {
    id,
    encoding,
    main: { bundle: `virsh-${id}.cjs`, cache: `virsh-${id}.cache` },
    parts: Object.fromEntries(parts.map((p) => [p.name, { bundle: `virsh-${id}-${p.name}.cjs`, cache: `virsh-${id}-${p.name}.cache`, needs: p.needs }])),
    inputs,
    stamp,
  };
  const tmpManifest = join(outDir, `manifest-${id}.json`);
  writeFileSync(tmpManifest, JSON.stringify(manifest));

  const train = spawnSync(process.execPath, [join(root, 'bin/virsh.cjs')], {
    env: { ...process.env, TSVIRT_VIRSH_MANIFEST: tmpManifest, TSVIRT_VIRSH_TRAIN: JSON.stringify(TRAINING) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (train.status !== 0 || !existsSync(join(outDir, manifest.main.cache))) {
    console.error('build-virsh: making the code caches failed; virsh will compile the bundles on each start');
  }
  let previous = null;
  try {
    previous = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')).id;
  } catch {
    // first build
  }
  renameSync(tmpManifest, join(outDir, 'manifest.json'));
  // Older builds' files. A virsh still running may load a part of its build later (a group's
  // commands, the remote driver), so the previous build stays, and older ones for ten minutes.
  for (const n of readdirSync(outDir)) {
    const m = /^(?:virsh|manifest)-([0-9a-f]+)/.exec(n);
    if (m === null || m[1] === id || m[1] === previous) continue;
    if (Date.now() - statSync(join(outDir, n)).mtimeMs > 10 * 60 * 1000) rmSync(join(outDir, n), { force: true });
  }
  const kb = (n) => `${Math.round(n / 1024)} KiB`;
  const size = (n) => (existsSync(join(outDir, n)) ? statSync(join(outDir, n)).size : 0);
  const partFiles = Object.values(manifest.parts);
  console.log(
    `build-virsh: ${count} modules → dist/virsh/${manifest.main.bundle} (${kb(size(manifest.main.bundle))}, ` +
      `code cache ${kb(size(manifest.main.cache))}) and ${partFiles.length} parts (${kb(partFiles.reduce((t, p) => t + size(p.bundle), 0))}, ` +
      `code caches ${kb(partFiles.reduce((t, p) => t + size(p.cache), 0))})`,
  );
}

// A failed bundle build leaves virsh working (from the module tree, more slowly), so it does not
// fail the build; the message says so.
try {
  await main();
} catch (e) {
  console.error(`build-virsh: FAILED, bin/virsh will run the module tree: ${e?.stack ?? e}`);
}
