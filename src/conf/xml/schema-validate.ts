// Relax NG validation against libvirt's installed schemas (virXMLValidateAgainstSchema): some
// documents (checkpoints, backups) are always checked by libvirt before they are read, and the
// schema's complaints are what the user sees. The schemas are libvirt's own data files, read from
// where libvirt installs them; nothing of them is kept in this repository. Each compiled schema is
// kept for the life of the process (compiling domain.rng and its includes takes ~100 ms).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';
import { logger } from '../../util/log.js';

const log = logger('util.xml');

/** libvirt's PKGDATADIR/schemas; TSVIRT_SCHEMA_DIR points elsewhere (tests, other layouts). */
export function schemaDir(): string {
  return process.env.TSVIRT_SCHEMA_DIR || '/usr/share/libvirt/schemas';
}

type Libxml = typeof import('libxml2-wasm');
type Validator = InstanceType<Libxml['RelaxNGValidator']>;

const validators = new Map<string, Validator>();
let fsProviders = false;

async function validatorFor(lx: Libxml, path: string): Promise<Validator> {
  let v = validators.get(path);
  if (v) return v;
  if (!fsProviders) {
    // The schemas <include> each other by relative name: let libxml2 read them from disk.
    const { xmlRegisterFsInputProviders } = await import('libxml2-wasm/lib/nodejs.mjs');
    xmlRegisterFsInputProviders();
    fsProviders = true;
  }
  let schemaDoc;
  try {
    schemaDoc = lx.XmlDocument.fromBuffer(readFileSync(path), { url: path });
    v = lx.RelaxNGValidator.fromDoc(schemaDoc);
  } catch (e) {
    const detail = (e as { details?: { message: string }[] }).details?.map((d) => d.message).join('') ?? (e as Error).message;
    throw errorsFrom(ErrorDomain.Xml)(ErrorCode.InternalError, `Unable to parse RNG ${path}: ${detail}`);
  } finally {
    schemaDoc?.dispose();
  }
  validators.set(path, v);
  return v;
}

/**
 * Check `text` (already known to be well-formed) against the installed schema `schemaFile`
 * ("domaincheckpoint.rng"), failing as libvirt does: VIR_ERR_XML_INVALID_SCHEMA with every
 * message of the validator, each ending in a newline. Without libvirt's schemas on the host the
 * check is skipped: the document is then only read, as with validation off.
 */
export async function validateAgainstSchema(text: string, url: string, schemaFile: string): Promise<void> {
  const path = join(schemaDir(), schemaFile);
  if (!existsSync(path)) {
    log.warn(() => `schema ${path} not found; skipping validation`);
    return;
  }
  const lx = await import('libxml2-wasm');
  const validator = await validatorFor(lx, path);
  // libvirt parses with blank text nodes dropped (xmlKeepBlanksDefault(0)).
  const doc = lx.XmlDocument.fromBuffer(Buffer.from(text, 'utf8'), { url, option: lx.ParseOption.XML_PARSE_NOBLANKS });
  try {
    validator.validate(doc);
  } catch (e) {
    if (!(e instanceof lx.XmlValidateError)) throw e;
    const messages = e.details.map((d) => d.message).join('');
    throw errorsFrom(ErrorDomain.Xml)(ErrorCode.XmlInvalidSchema, `Unable to validate doc against ${path}\n${messages}`);
  } finally {
    doc.dispose();
  }
}
