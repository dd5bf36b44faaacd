# Drives python3-libvirt through a fixed list of API calls on the URI given as argv[1] and prints
# one JSON object: each call's result, or its error code, domain and message. The interop test
# runs it on in-process test:///default and on our daemon and compares the two outputs.
import hashlib
import json
import re
import sys

import libvirt

URI = sys.argv[1]
results = {}


def ignore(_ctx, _err):
    pass


libvirt.registerErrorHandler(ignore, None)


def norm(v):
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, (bytes, bytearray)):
        return hashlib.sha256(bytes(v)).hexdigest()
    if hasattr(v, 'getName') and callable(v.getName):
        return '<%s %s>' % (type(v).__name__, v.getName())
    if hasattr(v, 'name') and callable(v.name):
        return '<%s %s>' % (type(v).__name__, v.name())
    if hasattr(v, 'UUIDString') and callable(v.UUIDString):
        return '<%s %s>' % (type(v).__name__, v.UUIDString())
    return v


def call(name, fn):
    try:
        results[name] = {'ok': norm(fn())}
    except libvirt.libvirtError as e:
        results[name] = {'err': [e.get_error_code(), e.get_error_domain(), e.get_error_message()]}


def text(name, fn):
    """For long texts: their hash and length."""
    call(name, lambda: (hashlib.sha256(fn().encode()).hexdigest(), len(fn())))


DOM_XML = """<domain type='test'>
  <name>interop1</name>
  <uuid>b5c2a3a4-0b1f-4d44-9a1c-2f1e6d1c9a01</uuid>
  <memory unit='KiB'>262144</memory>
  <vcpu>1</vcpu>
  <os><type arch='i686'>hvm</type></os>
</domain>"""
NET_XML = """<network><name>interopnet</name><uuid>c6d3b4b5-1c2f-4e55-8b2d-3f2f7e2d0b02</uuid>
<bridge name='virbr9'/><ip address='192.168.199.1' netmask='255.255.255.0'/></network>"""
POOL_XML = """<pool type='dir'><name>interoppool</name><uuid>d7e4c5c6-2d3f-4f66-9c3e-4f3f8f3e1c03</uuid>
<target><path>/tmp/interoppool</path></target></pool>"""
VOL_XML = """<volume><name>interopvol.img</name><capacity unit='MiB'>16</capacity></volume>"""
SNAP_XML = """<domainsnapshot><name>snap1</name><description>interop</description></domainsnapshot>"""

conn = libvirt.open(URI)

# connection
call('getType', conn.getType)
call('getVersion', conn.getVersion)
call('getLibVersion', conn.getLibVersion)
call('getHostname', conn.getHostname)
call('getMaxVcpus', lambda: conn.getMaxVcpus(None))
call('getInfo', conn.getInfo)
text('getCapabilities', conn.getCapabilities)
text('getSysinfo', lambda: conn.getSysinfo(0))
call('isAlive', conn.isAlive)
call('listDomainsID', conn.listDomainsID)
call('listDefinedDomains', conn.listDefinedDomains)
call('numOfDomains', conn.numOfDomains)
call('numOfDefinedDomains', conn.numOfDefinedDomains)
call('listAllDomains', lambda: sorted(d.name() for d in conn.listAllDomains(0)))
call('getFreeMemory', conn.getFreeMemory)
call('getCellsFreeMemory', lambda: conn.getCellsFreeMemory(0, 2))
call('getCPUMap', conn.getCPUMap)
call('getSecurityModel', conn.getSecurityModel)
call('getCPUStats', lambda: sorted(conn.getCPUStats(-1, 0).keys()))
call('getMemoryStats', lambda: sorted(conn.getMemoryStats(-1, 0).keys()))
call('getCPUModelNames', lambda: conn.getCPUModelNames('x86_64', 0)[:5])
call('listAllDomains.badflags', lambda: conn.listAllDomains(1 << 30))

# domains
dom = conn.lookupByName('test')
call('dom.name', dom.name)
call('dom.UUIDString', dom.UUIDString)
call('dom.ID', dom.ID)
call('dom.info', lambda: dom.info()[:4])
call('dom.state', lambda: dom.state(0))
text('dom.XMLDesc', lambda: dom.XMLDesc(0))
call('dom.OSType', dom.OSType)
call('dom.maxMemory', dom.maxMemory)
call('dom.maxVcpus', dom.maxVcpus)
call('dom.isActive', dom.isActive)
call('dom.isPersistent', dom.isPersistent)
call('dom.isUpdated', dom.isUpdated)
call('dom.autostart', dom.autostart)
call('dom.setAutostart', lambda: dom.setAutostart(1))
call('dom.autostart2', dom.autostart)
call('dom.schedulerType', dom.schedulerType)
call('dom.schedulerParameters', dom.schedulerParameters)
call('dom.securityLabel', dom.securityLabel)
call('dom.hasManagedSaveImage', lambda: dom.hasManagedSaveImage(0))
call('dom.vcpusFlags', lambda: dom.vcpusFlags(0))
call('dom.hostname', lambda: dom.hostname(0))
call('dom.controlInfo', lambda: dom.controlInfo(0)[:2])
call('dom.suspend', dom.suspend)
call('dom.state.paused', lambda: dom.state(0))
call('dom.suspend.again', dom.suspend)
call('dom.resume', dom.resume)
call('dom.setMetadata', lambda: dom.setMetadata(libvirt.VIR_DOMAIN_METADATA_TITLE, 'interop title', None, None, 0))
call('dom.metadata', lambda: dom.metadata(libvirt.VIR_DOMAIN_METADATA_TITLE, None, 0))
call('dom.metadata.missing', lambda: dom.metadata(libvirt.VIR_DOMAIN_METADATA_DESCRIPTION, None, 0))
call('lookupByName.missing', lambda: conn.lookupByName('nosuch'))
call('lookupByID.missing', lambda: conn.lookupByID(99))
call('lookupByUUIDString', lambda: conn.lookupByUUIDString('6695eb01-f6a4-8304-79aa-97f2502e193f'))
call('lookupByID', lambda: conn.lookupByID(1))
call('defineXML', lambda: conn.defineXML(DOM_XML))
call('defineXML.bad', lambda: conn.defineXML('<domain>'))
d1 = conn.lookupByName('interop1')
call('d1.create', d1.create)
call('d1.create.again', d1.create)
call('d1.info', lambda: d1.info()[:4])
call('d1.destroy', d1.destroy)
call('d1.destroy.again', d1.destroy)
call('d1.setMemoryFlags', lambda: d1.setMemoryFlags(131072, libvirt.VIR_DOMAIN_AFFECT_CONFIG))
call('d1.snapshotCreateXML', lambda: d1.snapshotCreateXML(SNAP_XML, 0))
call('d1.snapshotListNames', lambda: d1.snapshotListNames(0))
call('d1.snapshotNum', lambda: d1.snapshotNum(0))
call('d1.hasCurrentSnapshot', lambda: d1.hasCurrentSnapshot(0))
call('d1.snapshotLookupByName', lambda: d1.snapshotLookupByName('snap1', 0))
call('d1.snapshotLookupByName.missing', lambda: d1.snapshotLookupByName('nosnap', 0))
call('d1.snapshot.isCurrent', lambda: d1.snapshotLookupByName('snap1', 0).isCurrent(0))
call('d1.snapshot.delete', lambda: d1.snapshotLookupByName('snap1', 0).delete(0))
call('d1.undefine', d1.undefine)
call('d1.undefine.again', d1.undefine)
call('createXML', lambda: conn.createXML(DOM_XML.replace('interop1', 'interop2').replace('9a01', '9a02'), 0))
call('interop2.shutdown', lambda: conn.lookupByName('interop2').shutdown())
call('interop2.gone', lambda: conn.lookupByName('interop2'))

# networks
net = conn.networkLookupByName('default')
call('net.name', net.name)
call('net.UUIDString', net.UUIDString)
text('net.XMLDesc', lambda: net.XMLDesc(0))
call('net.bridgeName', net.bridgeName)
call('net.isActive', net.isActive)
call('net.isPersistent', net.isPersistent)
call('net.autostart', net.autostart)
call('listNetworks', conn.listNetworks)
call('listDefinedNetworks', conn.listDefinedNetworks)
call('listAllNetworks', lambda: [n.name() for n in conn.listAllNetworks(0)])
call('networkLookupByName.missing', lambda: conn.networkLookupByName('nosuch'))
call('networkDefineXML', lambda: conn.networkDefineXML(NET_XML))
n1 = conn.networkLookupByName('interopnet')
call('n1.create', n1.create)
call('n1.destroy', n1.destroy)
call('n1.undefine', n1.undefine)
call('n1.undefine.again', n1.undefine)

# storage pools and volumes
pool = conn.storagePoolLookupByName('default-pool')
call('pool.info', pool.info)
text('pool.XMLDesc', lambda: pool.XMLDesc(0))
call('pool.isActive', pool.isActive)
call('pool.autostart', pool.autostart)
call('pool.numOfVolumes', pool.numOfVolumes)
call('pool.listVolumes', pool.listVolumes)
call('listStoragePools', conn.listStoragePools)
call('listDefinedStoragePools', conn.listDefinedStoragePools)
call('storagePoolLookupByName.missing', lambda: conn.storagePoolLookupByName('nosuch'))
call('storagePoolDefineXML', lambda: conn.storagePoolDefineXML(POOL_XML, 0))
p1 = conn.storagePoolLookupByName('interoppool')
call('p1.build', lambda: p1.build(0))
call('p1.create', lambda: p1.create(0))
call('p1.refresh', lambda: p1.refresh(0))
call('p1.createXML', lambda: p1.createXML(VOL_XML, 0))
vol = p1.storageVolLookupByName('interopvol.img')
call('vol.name', vol.name)
call('vol.key', vol.key)
call('vol.path', vol.path)
call('vol.info', vol.info)
text('vol.XMLDesc', lambda: vol.XMLDesc(0))
call('storageVolLookupByKey', lambda: conn.storageVolLookupByKey(vol.key()))
call('storageVolLookupByPath', lambda: conn.storageVolLookupByPath(vol.path()))
call('vol.lookup.missing', lambda: p1.storageVolLookupByName('nosuch'))
call('vol.delete', lambda: vol.delete(0))
call('p1.destroy', p1.destroy)
call('p1.delete', lambda: p1.delete(0))
call('p1.undefine', p1.undefine)

# interfaces
call('listInterfaces', conn.listInterfaces)
call('listDefinedInterfaces', conn.listDefinedInterfaces)
iface = conn.interfaceLookupByName('eth1')
call('iface.MACString', iface.MACString)
text('iface.XMLDesc', lambda: iface.XMLDesc(0))
call('iface.isActive', iface.isActive)
call('interfaceLookupByMACString', lambda: conn.interfaceLookupByMACString(iface.MACString()))
call('interfaceLookupByName.missing', lambda: conn.interfaceLookupByName('nosuch'))

# node devices
call('listDevices', lambda: conn.listDevices(None, 0))
dev = conn.nodeDeviceLookupByName('computer')
text('dev.XMLDesc', lambda: dev.XMLDesc(0))
call('dev.parent', dev.parent)
call('dev.listCaps', dev.listCaps)
call('dev.numOfCaps', dev.numOfCaps)
call('nodeDeviceLookupByName.missing', lambda: conn.nodeDeviceLookupByName('nosuch'))

# secrets and network filters (libvirt's test driver has neither)
call('listSecrets', conn.listSecrets)
call('secretLookupByUUIDString', lambda: conn.secretLookupByUUIDString('e8f5d6d7-3e4f-4a77-8d4f-5f4f9f4f2d04'))
call('secretDefineXML', lambda: conn.secretDefineXML("<secret ephemeral='no' private='no'/>", 0))
call('listNWFilters', conn.listNWFilters)

# screenshot
def screenshot():
    st = conn.newStream(0)
    mime = dom.screenshot(st, 0, 0)
    data = b''
    while True:
        chunk = st.recv(65536)
        if not chunk:
            break
        data += chunk
    st.finish()
    return [mime, hashlib.sha256(data).hexdigest(), len(data)]
call('dom.screenshot', screenshot)

# read-only connection
ro = libvirt.openReadOnly(URI)
call('ro.destroy', lambda: ro.lookupByName('test').destroy())
call('ro.XMLDesc.secure', lambda: ro.lookupByName('test').XMLDesc(libvirt.VIR_DOMAIN_XML_SECURE))
call('ro.networkDefineXML', lambda: ro.networkDefineXML(NET_XML))
call('ro.info', lambda: ro.lookupByName('test').info()[:4])
ro.close()

call('dom.destroy.end', dom.destroy)
conn.close()
print(json.dumps(results, sort_keys=True, indent=1))
