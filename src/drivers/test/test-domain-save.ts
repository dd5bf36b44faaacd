// Test driver domains: save images, core dumps and the screenshot (testDomainSaveFlags,
// testDomainRestoreFlags, testDomainSaveImage*, testDomainCoreDumpWithFormat, testDomainScreenshot
// in test_driver.c). A save image is the test driver's own small format: the magic text
// "TestGuestMagic" with its NUL, the XML's length as a native (little-endian) 32-bit int, then
// the domain XML. Real files are written, so images survive between connections and processes.
import { open, readFile } from 'node:fs/promises';
import type { DomainDef } from '../../conf/domain/domain-def.js';
import type { HypervisorDriver } from '../../driver/hypervisor.js';
import type { DomainRef } from '../../driver/refs.js';
import { ErrorCode, ErrorDomain } from '../../util/error.js';
import { systemError } from '../../util/system-error.js';
import { checkActive, checkFlags, generateIfnames, report } from './test-domain.js';
import type { DomainObj, DomainStore } from './test-domain.js';
import type { TestState } from './test-state.js';

/** sizeof(TEST_SAVE_MAGIC): the text and its terminating NUL. */
const MAGIC = Buffer.from('TestGuestMagic\0', 'latin1');
/** testDomainSaveImageOpen refuses metadata outside 1..8192 bytes. */
const MAX_XML = 8192;
/** Where libvirt installs the picture its test driver streams (PKGDATADIR/test-screenshot.png). */
const SCREENSHOT_FILE = '/usr/share/libvirt/test-screenshot.png';

const SAVE = { BYPASS_CACHE: 1, RUNNING: 2, PAUSED: 4 };
const DUMP_CRASH = 1;
const SHUTOFF_CRASHED = 3;
const SHUTOFF_SAVED = 5;
const RUNNING_RESTORED = 3;

const sysErr = (e: unknown, what: string) => systemError(e, what, ErrorDomain.Test);
/** A short read leaves errno untouched (0), which libvirt prints as "Success". */
const shortRead = (what: string) => systemError({ code: 'SUCCESS', message: 'Success' }, what, ErrorDomain.Test);

async function formatSecure(def: DomainDef): Promise<string> {
  const { formatDomainXml } = await import('../../conf/domain/domain-format.js');
  return formatDomainXml(def, { secure: true });
}

/** testDomainSaveImageWrite: on any failure the half-written file is removed. */
async function writeImage(path: string, def: DomainDef): Promise<void> {
  const xml = Buffer.from(await formatSecure(def), 'utf8');
  let fh;
  try {
    fh = await open(path, 'w', 0o600);
  } catch (e) {
    throw sysErr(e, `saving domain '${def.name}' to '${path}': open failed`);
  }
  const len = Buffer.alloc(4);
  len.writeInt32LE(xml.length);
  try {
    await fh.writeFile(Buffer.concat([MAGIC, len, xml]));
    await fh.close();
  } catch (e) {
    await fh.close().catch(() => undefined);
    const { rm } = await import('node:fs/promises');
    await rm(path, { force: true });
    throw sysErr(e, `saving domain '${def.name}' to '${path}': write failed`);
  }
}

/** testDomainSaveImageOpen: the definition stored in an image, with the reader's errors. */
async function readImage(path: string): Promise<DomainDef> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (e) {
    // Opening a directory succeeds in C; the first read then fails.
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw sysErr(e, `incomplete save header in '${path}'`);
    throw sysErr(e, `cannot read domain image '${path}'`);
  }
  if (data.length < MAGIC.length) throw shortRead(`incomplete save header in '${path}'`);
  if (!data.subarray(0, MAGIC.length).equals(MAGIC)) throw report(ErrorCode.InternalError, 'mismatched header magic');
  if (data.length < MAGIC.length + 4) throw shortRead(`failed to read metadata length in '${path}'`);
  const len = data.readInt32LE(MAGIC.length);
  if (len < 1 || len > MAX_XML) throw report(ErrorCode.InternalError, 'length of metadata out of range');
  const start = MAGIC.length + 4;
  if (data.length < start + len) throw shortRead(`incomplete metadata in '${path}'`);
  // The C reader stops at the first NUL, as a string would.
  let xml = data.subarray(start, start + len).toString('utf8');
  const nul = xml.indexOf('\0');
  if (nul >= 0) xml = xml.slice(0, nul);
  const { parseDomainXml } = await import('../../conf/domain/domain-parse.js');
  return parseDomainXml(xml);
}

function stopped(store: DomainStore, obj: DomainObj, ref: DomainRef, reason: number): void {
  store.shutdownState(obj, reason);
  ref.id = -1;
  store.dropIfTransient(obj);
}

export function savePart(state: TestState): Partial<HypervisorDriver> {
  const store = state.domains;
  return {
    async domainSaveFlags(dom, to, dxml, flags) {
      checkFlags(flags, 0, 'testDomainSaveFlags');
      if (dxml !== null) throw report(ErrorCode.ArgumentUnsupported, 'xml modification unsupported');
      const obj = store.require(dom);
      checkActive(obj);
      await writeImage(to, obj.def);
      stopped(store, obj, dom, SHUTOFF_SAVED);
    },
    async domainRestoreFlags(from, dxml, flags) {
      checkFlags(flags, 0, 'testDomainRestoreFlags');
      if (dxml !== null) throw report(ErrorCode.ArgumentUnsupported, 'xml modification unsupported');
      const def = await readImage(from);
      generateIfnames(def);
      const { obj } = store.add(def, { live: true, checkLive: true });
      store.startState(obj, RUNNING_RESTORED);
    },
    // The flag-less twins: the Flags forms with no XML and no flags, as test_driver.c's are.
    async domainSave(dom, to) {
      return this.domainSaveFlags!(dom, to, null, 0);
    },
    async domainRestore(from) {
      return this.domainRestoreFlags!(from, null, 0);
    },
    /** The raw format (VIR_DOMAIN_CORE_DUMP_FORMAT_RAW, 0) with the caller's flags. */
    async domainCoreDump(dom, to, flags) {
      return this.domainCoreDumpWithFormat!(dom, to, 0, flags);
    },
    async domainSaveImageGetXMLDesc(file, flags) {
      checkFlags(flags, 1, 'testDomainSaveImageGetXMLDesc');
      return formatSecure(await readImage(file));
    },
    async domainSaveImageDefineXML(file, dxml, flags) {
      checkFlags(flags, SAVE.RUNNING | SAVE.PAUSED, 'testDomainSaveImageDefineXML');
      await readImage(file);
      const { parseDomainXml } = await import('../../conf/domain/domain-parse.js');
      const def = await parseDomainXml(dxml);
      await writeImage(file, def);
    },
    async domainCoreDumpWithFormat(dom, to, dumpformat, flags) {
      checkFlags(flags, DUMP_CRASH, 'testDomainCoreDumpWithFormat');
      const obj = store.require(dom);
      checkActive(obj);
      let fh;
      try {
        fh = await open(to, 'w', 0o600);
      } catch (e) {
        throw sysErr(e, `domain '${dom.name}' coredump: failed to open ${to}`);
      }
      try {
        await fh.writeFile(MAGIC);
      } catch (e) {
        throw sysErr(e, `domain '${dom.name}' coredump: failed to write header to ${to}`);
      } finally {
        await fh.close().catch(() => undefined);
      }
      // The header is written before the format is looked at, as the test driver does.
      if (dumpformat !== 0) throw report(ErrorCode.OperationUnsupported, 'kdump-compressed format is not supported here');
      if (flags & DUMP_CRASH) stopped(store, obj, dom, SHUTOFF_CRASHED);
    },
    async domainScreenshot(_dom, _screen, flags) {
      checkFlags(flags, 0, 'testDomainScreenshot');
      let data: Buffer;
      try {
        data = await readFile(SCREENSHOT_FILE);
      } catch (e) {
        throw systemError(e, `Unable to open stream for '${SCREENSHOT_FILE}'`, ErrorDomain.Test);
      }
      return { mime: 'image/png', data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
    },
  };
}

