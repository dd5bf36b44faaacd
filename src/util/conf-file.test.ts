import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfFile } from './conf-file.js';
import { ErrorCode, ErrorDomain, VirError } from './error.js';

function syntax(text: string): string {
  try {
    ConfFile.parse(text, 'c.conf');
  } catch (e) {
    assert.ok(e instanceof VirError);
    assert.equal(e.code, ErrorCode.ConfSyntax);
    assert.equal(e.domain, ErrorDomain.Conf);
    return e.message;
  }
  return 'parsed';
}

test('values: numbers, strings in three quotings, lists over lines, comments', () => {
  const c = ConfFile.parse(
    [
      '# leading comment',
      'a = 1',
      'b = -5 # trailing comment',
      "c = 'single'",
      'd = "double"',
      'e = """multi',
      'line"""',
      'f = [ "x",',
      '      "y", ]',
      'g = []; h = +7',
      '',
    ].join('\n'),
    'x.conf',
  );
  assert.equal(c.getUInt('a'), 1);
  assert.equal(c.getInt('b'), -5);
  assert.equal(c.getString('c'), 'single');
  assert.equal(c.getString('d'), 'double');
  assert.equal(c.getString('e'), 'multi\nline');
  assert.deepEqual(c.getStringList('f'), ['x', 'y']);
  assert.deepEqual(c.getStringList('g'), []);
  assert.equal(c.getUInt('h'), 7);
  assert.equal(c.getString('missing'), undefined);
});

test('syntax errors carry libvirt texts and line numbers (checked against Debian libvirtd 9.0)', () => {
  const P = 'configuration file syntax error: c.conf';
  assert.equal(syntax('\n'), `${P}:2: expecting a name`);
  assert.equal(syntax('   '), `${P}:1: expecting a name`);
  assert.equal(syntax('# only a comment'), 'parsed');
  assert.equal(syntax('a = "abc'), `${P}:1: unterminated string`);
  assert.equal(syntax("a = 'x\"\ny'"), `${P}:1: unterminated string`);
  assert.equal(syntax('a = [1, 2'), `${P}:1: list is not closed with ]`);
  assert.equal(syntax('a = [1 2]'), `${P}:1: expecting a separator in list`);
  assert.equal(syntax('a = 1 x'), `${P}:1: expecting a separator`);
  assert.equal(syntax('1a = 2'), `${P}:1: expecting a name`);
  assert.equal(syntax('a 2'), `${P}:1: expecting an assignment`);
  assert.equal(syntax('a = """x'), `${P}:1: expecting a separator`);
  assert.equal(syntax('a = -'), `${P}:1: unterminated number`);
  assert.equal(syntax('a = 1\n\nb = '), `${P}:3: expecting a value`);
  assert.equal(syntax('a = 1;b=2;;'), `${P}:1: expecting a name`);
});

test('typed getters report libvirt errors', () => {
  const c = ConfFile.parse(
    'n = -1\nbig = 99999999999\ns = "1"\nb = 2\nl = "x"\nli = [1]\n',
    'c.conf',
  );
  const msg = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as VirError).message;
    }
    return 'ok';
  };
  assert.equal(msg(() => c.getUInt('n')), "internal error: c.conf: expected an unsigned integer for 'n' parameter");
  assert.equal(msg(() => c.getUInt('big')), "internal error: c.conf: value for 'big' parameter must be in range 0:4294967295");
  assert.equal(msg(() => c.getInt('big')), "internal error: c.conf: value for 'big' parameter must be in range -2147483648:2147483647");
  assert.equal(msg(() => c.getBool('b')), "internal error: c.conf: value for 'b' parameter must be 0 or 1");
  assert.equal(msg(() => c.getBool('s')), "internal error: c.conf: expected a bool for 's' parameter");
  assert.equal(msg(() => c.getString('n')), "internal error: c.conf: expected a string for 'n' parameter");
  assert.equal(msg(() => c.getStringList('l')), "internal error: c.conf: expected a string list for 'l' parameter");
  assert.equal(msg(() => c.getStringList('li')), "configuration file syntax error: c.conf: expected a string list for 'li' parameter");
  assert.deepEqual(c.getStringList('l', true), ['x']);
  assert.equal(c.getLLong('n'), -1n);
});

test('the first occurrence of a name wins', () => {
  const c = ConfFile.parse('a = 1\na = 2\n', 'c.conf');
  assert.equal(c.getUInt('a'), 1);
  assert.deepEqual(c.names(), ['a']);
});

test('reading a missing file is a system error naming the path', async () => {
  await assert.rejects(ConfFile.read('/nonexistent/x.conf'), (e: VirError) => {
    assert.equal(e.code, ErrorCode.SystemError);
    assert.equal(e.message, "Failed to open file '/nonexistent/x.conf': No such file or directory");
    return true;
  });
});
