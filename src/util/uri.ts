import { ErrorCode, ErrorDomain, errorsFrom } from './error.js';

const report = errorsFrom(ErrorDomain.Uri);

export interface UriParam {
  name: string;
  value: string;
  /** libvirt drops parameters the remote driver consumes before it forwards a URI. */
  ignore?: boolean;
}

/** A parsed connection URI, as libvirt's virURI: `driver[+transport]://[user@][host][:port]/path[?query]`. */
export interface Uri {
  scheme: string | null;
  server: string | null;
  user: string | null;
  port: number;
  path: string | null;
  query: string | null;
  fragment: string | null;
  params: UriParam[];
}

/** Split the scheme into driver and transport (`qemu+ssh` → qemu, ssh). */
export function splitScheme(scheme: string | null): { driver: string | null; transport: string | null } {
  if (!scheme) return { driver: null, transport: null };
  const plus = scheme.indexOf('+');
  if (plus < 0) return { driver: scheme, transport: null };
  return { driver: scheme.slice(0, plus), transport: scheme.slice(plus + 1) };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function parseQuery(query: string): UriParam[] {
  const params: UriParam[] = [];
  for (const part of query.split(/[&;]/)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    // libvirt unescapes %XX only: a '+' stays a '+' (it is not form encoding).
    params.push({ name: decode(name), value: decode(value) });
  }
  return params;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

/**
 * Parse a URI the way libvirt's virURIParse does (RFC 3986 via libxml2, with libvirt's
 * additions: IPv6 hosts in brackets lose them, `query` keeps its raw text, params are decoded).
 */
export function parseUri(text: string): Uri {
  const uri: Uri = { scheme: null, server: null, user: null, port: 0, path: null, query: null, fragment: null, params: [] };
  let rest = text;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    uri.fragment = decode(rest.slice(hash + 1));
    rest = rest.slice(0, hash);
  }
  const q = rest.indexOf('?');
  if (q >= 0) {
    uri.query = rest.slice(q + 1);
    uri.params = parseQuery(uri.query);
    rest = rest.slice(0, q);
  }
  const colon = rest.indexOf(':');
  const slash = rest.indexOf('/');
  if (colon > 0 && (slash < 0 || colon < slash)) {
    const scheme = rest.slice(0, colon);
    if (!SCHEME.test(scheme)) throw report(ErrorCode.InternalError, `Unable to parse URI ${text}`);
    uri.scheme = scheme;
    rest = rest.slice(colon + 1);
  }
  if (rest.startsWith('//')) {
    rest = rest.slice(2);
    const end = rest.indexOf('/');
    const authority = end < 0 ? rest : rest.slice(0, end);
    rest = end < 0 ? '' : rest.slice(end);
    let hostport = authority;
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      uri.user = decode(authority.slice(0, at));
      hostport = authority.slice(at + 1);
    }
    let host = hostport;
    let port = '';
    if (hostport.startsWith('[')) {
      const close = hostport.indexOf(']');
      if (close < 0) throw report(ErrorCode.InternalError, `Unable to parse URI ${text}`);
      host = hostport.slice(1, close);
      const after = hostport.slice(close + 1);
      if (after.startsWith(':')) port = after.slice(1);
      else if (after !== '') throw report(ErrorCode.InternalError, `Unable to parse URI ${text}`);
    } else {
      const pc = hostport.lastIndexOf(':');
      if (pc >= 0) {
        host = hostport.slice(0, pc);
        port = hostport.slice(pc + 1);
      }
    }
    if (port !== '') {
      if (!/^\d+$/.test(port)) throw report(ErrorCode.InternalError, `Unable to parse URI ${text}`);
      uri.port = Number(port);
    }
    uri.server = host === '' ? null : decode(host);
  }
  uri.path = rest === '' ? null : decode(rest);
  return uri;
}

/** Format a URI back to text, as virURIFormat (used for the canonical name of a connection). */
export function formatUri(uri: Uri): string {
  let out = '';
  if (uri.scheme) out += uri.scheme + ':';
  if (uri.server !== null || uri.scheme) {
    out += '//';
    if (uri.user) out += encodeURIComponent(uri.user) + '@';
    if (uri.server) out += uri.server.includes(':') ? `[${uri.server}]` : uri.server;
    if (uri.port) out += ':' + uri.port;
  }
  if (uri.path) out += uri.path;
  if (uri.query) out += '?' + uri.query;
  if (uri.fragment) out += '#' + encodeURIComponent(uri.fragment);
  return out;
}

export function uriParam(uri: Uri, name: string): string | undefined {
  for (let i = uri.params.length - 1; i >= 0; i--) if (uri.params[i].name === name) return uri.params[i].value;
  return undefined;
}
