// Domain XML: what a user sees from define + dumpxml (defaults filled in, canonical order) and
// libvirt's error texts for bad documents. Expected outputs were taken from Debian's virsh 9.0.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDomainXml } from './domain-parse.js';
import { formatDomainXml } from './domain-format.js';
import { parseBits, formatBits } from './cpuset.js';
import { diskNameToIndex } from './disk-order.js';

const MIN = "<domain type='test'><name>foo</name><uuid>43642651-d60d-4bcd-b26c-17d2542d071e</uuid><memory>1024</memory><os><type>hvm</type></os></domain>";

describe('domain XML', () => {
  it('fills in libvirt defaults for a minimal domain', async () => {
    const xml = formatDomainXml(await parseDomainXml(MIN));
    assert.equal(
      xml,
      `<domain type='test'>
  <name>foo</name>
  <uuid>43642651-d60d-4bcd-b26c-17d2542d071e</uuid>
  <memory unit='KiB'>1024</memory>
  <currentMemory unit='KiB'>1024</currentMemory>
  <vcpu placement='static'>1</vcpu>
  <os>
    <type arch='i686'>hvm</type>
    <boot dev='hd'/>
  </os>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
  </devices>
</domain>
`,
    );
  });

  it('writes the id only for a running definition', async () => {
    const def = await parseDomainXml(MIN);
    def.id = 7;
    assert.match(formatDomainXml(def), /^<domain type='test' id='7'>/);
    assert.match(formatDomainXml(def, { inactive: true }), /^<domain type='test'>/);
  });

  it('assigns drive addresses and implicit controllers', async () => {
    const def = await parseDomainXml(
      MIN.replace('</os>', "</os><devices><disk type='file' device='cdrom'><source file='/x.iso'/><target dev='hdc'/></disk></devices>"),
    );
    const xml = formatDomainXml(def);
    assert.match(xml, /<target dev='hdc' bus='ide'\/>\n {6}<readonly\/>\n {6}<address type='drive' controller='0' bus='1' target='0' unit='0'\/>/);
    assert.match(xml, /<controller type='ide' index='0'\/>/);
  });

  it('keeps foreign metadata in libxml2 layout', async () => {
    const def = await parseDomainXml(MIN.replace('</uuid>', "</uuid><metadata><a:x xmlns:a='http://a/'><y z='1'>t</y></a:x></metadata>"));
    assert.match(formatDomainXml(def), / {2}<metadata>\n {4}<a:x xmlns:a="http:\/\/a\/">\n {6}<y z="1">t<\/y>\n {4}<\/a:x>\n {2}<\/metadata>\n/);
  });

  it('reports libvirt errors for invalid documents', async () => {
    await assert.rejects(parseDomainXml("<domain type='test'><name>a</name><memory>1</memory></domain>"), { message: 'XML error: an os <type> must be specified' });
    await assert.rejects(parseDomainXml('<domain><name>a</name></domain>'), { message: 'internal error: missing domain type attribute' });
    await assert.rejects(parseDomainXml("<domain type='test'><memory>1</memory><os><type>hvm</type></os></domain>"), { message: 'missing name information' });
    await assert.rejects(parseDomainXml("<domain type='test'><name>a</name><os><type>hvm</type></os></domain>"), {
      message: 'XML error: Memory size must be specified via <memory> or in the <numa> configuration',
    });
    await assert.rejects(parseDomainXml("<domain type='test'><name>a</name><memory unit='XB'>1</memory><os><type>hvm</type></os></domain>"), {
      message: "invalid argument: unknown suffix 'XB'",
    });
    await assert.rejects(parseDomainXml('<network/>'), { message: "XML error: expecting root element of 'domain', not 'network'" });
  });
});

describe('cpu sets and disk names', () => {
  it('parses and compresses bit sets', () => {
    assert.equal(formatBits(parseBits('0-3,^2,8')), '0-1,3,8');
    assert.throws(() => parseBits('3-1'), { message: "invalid argument: Failed to parse bitmap '3-1'" });
  });
  it('numbers disk names like libvirt', () => {
    assert.equal(diskNameToIndex('hda'), 0);
    assert.equal(diskNameToIndex('sdz'), 25);
    assert.equal(diskNameToIndex('sdaa'), 26);
    assert.equal(diskNameToIndex('foo'), -1);
  });
});
