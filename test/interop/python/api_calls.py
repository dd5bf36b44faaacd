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


def unordered(name, fn):
    """For name lists libvirt builds by walking a hash table: sorted. libvirt's tables hash with a
    random seed chosen per process (virHashNew: SipHash keyed by virRandomBits), so their order
    changes from one run of the same program to the next and no other implementation can match it."""
    call(name, lambda: sorted(fn()))


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
IFACE_XML = """<interface type='ethernet' name='eth9'><mac address='aa:bb:cc:dd:ee:09'/></interface>"""
VHBA_XML = """<device><parent>scsi_host11</parent><capability type='scsi_host'><capability type='fc_host'>
<wwnn>2000000012341234</wwnn><wwpn>1000000012341234</wwpn></capability></capability></device>"""
CLONE_XML = """<volume><name>interopclone.img</name><capacity unit='MiB'>16</capacity></volume>"""
SNAP2_XML = """<domainsnapshot><name>snap2</name></domainsnapshot>"""
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
unordered('listDomainsID', conn.listDomainsID)
unordered('listDefinedDomains', conn.listDefinedDomains)
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
call('isSecure', conn.isSecure)
call('isEncrypted', conn.isEncrypted)
call('numOfNetworks', conn.numOfNetworks)
call('numOfDefinedNetworks', conn.numOfDefinedNetworks)
call('numOfStoragePools', conn.numOfStoragePools)
call('numOfDefinedStoragePools', conn.numOfDefinedStoragePools)
call('numOfInterfaces', conn.numOfInterfaces)
call('numOfDefinedInterfaces', conn.numOfDefinedInterfaces)
call('numOfDevices', lambda: conn.numOfDevices(None, 0))
call('numOfDevices.scsi_host', lambda: conn.numOfDevices('scsi_host', 0))
call('numOfSecrets', conn.numOfSecrets)
unordered('listAllStoragePools', lambda: [p.name() for p in conn.listAllStoragePools(0)])
unordered('listAllInterfaces', lambda: [i.name() for i in conn.listAllInterfaces(0)])
unordered('listAllDevices', lambda: [d.name() for d in conn.listAllDevices(0)])
unordered('listAllDevices.scsi_host', lambda: [d.name() for d in conn.listAllDevices(libvirt.VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_HOST)])
call('listAllSecrets', lambda: conn.listAllSecrets(0))
call('getDomainCapabilities', lambda: conn.getDomainCapabilities(None, None, None, None, 0))
call('getFreePages', lambda: conn.getFreePages([4, 2048], 0, 2, 0))
call('getCPUModelNames.badarch', lambda: conn.getCPUModelNames('nosuch', 0))
call('getSysinfo.badflags', lambda: conn.getSysinfo(1))
call('listAllNetworks.badflags', lambda: conn.listAllNetworks(1 << 30))
call('listAllStoragePools.badflags', lambda: conn.listAllStoragePools(1 << 30))
call('findStoragePoolSources.logical', lambda: conn.findStoragePoolSources('logical', None, 0))
call('findStoragePoolSources.badtype', lambda: conn.findStoragePoolSources('nosuch', None, 0))

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
call('lookupByUUID', lambda: conn.lookupByUUID(dom.UUID()))
call('dom.blockStats.len', lambda: len(dom.blockStats('vda')))
call('dom.blockStats.missing', lambda: dom.blockStats('nosuch'))
call('dom.interfaceStats.missing', lambda: dom.interfaceStats('nosuch'))
call('dom.memoryStats', lambda: sorted(dom.memoryStats().keys()))
call('dom.vcpuPinInfo', lambda: dom.vcpuPinInfo(0))
call('dom.emulatorPinInfo', lambda: dom.emulatorPinInfo(0))
call('dom.ioThreadInfo', lambda: dom.ioThreadInfo(0))
call('dom.blockInfo', lambda: dom.blockInfo('vda', 0))
call('dom.memoryParameters', lambda: dom.memoryParameters(0))
call('dom.numaParameters', lambda: dom.numaParameters(0))
call('dom.blkioParameters', lambda: dom.blkioParameters(0))
call('dom.schedulerParametersFlags', lambda: dom.schedulerParametersFlags(0))
call('dom.setSchedulerParameters', lambda: dom.setSchedulerParameters({'weight': 30}))
call('dom.schedulerParameters.after', dom.schedulerParameters)
call('dom.perfEvents', lambda: dom.perfEvents(0))
call('dom.jobInfo', dom.jobInfo)
call('dom.diskErrors', lambda: dom.diskErrors(0))
call('dom.fsInfo', lambda: dom.fsInfo(0))
call('dom.interfaceAddresses', lambda: dom.interfaceAddresses(libvirt.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 0))
call('dom.pinVcpu.badcpu', lambda: dom.pinVcpu(5, (True,)))
text('dom.XMLDesc.inactive', lambda: dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE))
call('dom.migrateGetMaxSpeed', lambda: dom.migrateGetMaxSpeed(0))
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
call('d1.managedSave', lambda: d1.managedSave(0))
call('d1.hasManagedSaveImage', lambda: d1.hasManagedSaveImage(0))
call('d1.state.saved', lambda: d1.state(0))
call('d1.create.fromManagedSave', d1.create)
call('d1.reboot', lambda: d1.reboot(0))
call('d1.reset', lambda: d1.reset(0))
call('d1.info', lambda: d1.info()[:4])
call('d1.destroy', d1.destroy)
call('d1.destroy.again', d1.destroy)
call('d1.setMemoryFlags', lambda: d1.setMemoryFlags(131072, libvirt.VIR_DOMAIN_AFFECT_CONFIG))
call('d1.managedSave.inactive', lambda: d1.managedSave(0))
call('d1.setVcpusFlags', lambda: d1.setVcpusFlags(1, libvirt.VIR_DOMAIN_AFFECT_CONFIG))
call('d1.setVcpusFlags.live', lambda: d1.setVcpusFlags(1, libvirt.VIR_DOMAIN_AFFECT_LIVE))
call('d1.snapshotCreateXML', lambda: d1.snapshotCreateXML(SNAP_XML, 0))
unordered('d1.snapshotListNames', lambda: d1.snapshotListNames(0))
call('d1.snapshotNum', lambda: d1.snapshotNum(0))
call('d1.hasCurrentSnapshot', lambda: d1.hasCurrentSnapshot(0))
call('d1.snapshotLookupByName', lambda: d1.snapshotLookupByName('snap1', 0))
call('d1.snapshotLookupByName.missing', lambda: d1.snapshotLookupByName('nosnap', 0))
call('d1.snapshot.isCurrent', lambda: d1.snapshotLookupByName('snap1', 0).isCurrent(0))
call('d1.snapshotCurrent', lambda: d1.snapshotCurrent(0))
call('d1.snapshot.getParent', lambda: d1.snapshotLookupByName('snap1', 0).getParent(0))
call('d1.snapshotCreateXML.child', lambda: d1.snapshotCreateXML(SNAP2_XML, 0))
call('d1.snapshot2.getParent', lambda: d1.snapshotLookupByName('snap2', 0).getParent(0))
call('d1.snapshot.numChildren', lambda: d1.snapshotLookupByName('snap1', 0).numChildren(0))
unordered('d1.snapshot.listAllChildren', lambda: [x.getName() for x in d1.snapshotLookupByName('snap1', 0).listAllChildren(0)])
unordered('d1.listAllSnapshots', lambda: [x.getName() for x in d1.listAllSnapshots(0)])
call('d1.listAllSnapshots.roots', lambda: [x.getName() for x in d1.listAllSnapshots(libvirt.VIR_DOMAIN_SNAPSHOT_LIST_ROOTS)])
call('d1.revertToSnapshot', lambda: d1.revertToSnapshot(d1.snapshotLookupByName('snap1', 0), 0))
call('d1.snapshotCurrent.after', lambda: d1.snapshotCurrent(0))
call('d1.snapshot.hasMetadata', lambda: d1.snapshotLookupByName('snap1', 0).hasMetadata(0))
call('d1.undefine.withSnapshots', d1.undefine)
call('d1.snapshot.delete', lambda: d1.snapshotLookupByName('snap1', 0).delete(0))
call('d1.snapshot2.delete', lambda: d1.snapshotLookupByName('snap2', 0).delete(0))
call('d1.snapshotNum.end', lambda: d1.snapshotNum(0))
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
unordered('listNetworks', conn.listNetworks)
unordered('listDefinedNetworks', conn.listDefinedNetworks)
unordered('listAllNetworks', lambda: [n.name() for n in conn.listAllNetworks(0)])
call('networkLookupByName.missing', lambda: conn.networkLookupByName('nosuch'))
call('networkLookupByUUIDString', lambda: conn.networkLookupByUUIDString(net.UUIDString()))
call('networkLookupByUUIDString.missing', lambda: conn.networkLookupByUUIDString('c6d3b4b5-1c2f-4e55-8b2d-3f2f7e2d0bff'))
call('net.DHCPLeases', lambda: net.DHCPLeases())
call('net.setAutostart', lambda: net.setAutostart(0))
call('net.autostart.after', net.autostart)
call('net.create.active', net.create)
call('networkCreateXML', lambda: conn.networkCreateXML(NET_XML.replace('interopnet', 'interopnet2').replace('0b02', '0b03').replace('virbr9', 'virbr8')))
call('interopnet2.isPersistent', lambda: conn.networkLookupByName('interopnet2').isPersistent())
call('interopnet2.destroy', lambda: conn.networkLookupByName('interopnet2').destroy())
call('interopnet2.gone', lambda: conn.networkLookupByName('interopnet2'))
call('networkDefineXML', lambda: conn.networkDefineXML(NET_XML))
n1 = conn.networkLookupByName('interopnet')
call('n1.isActive', n1.isActive)
call('n1.update', lambda: n1.update(libvirt.VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, libvirt.VIR_NETWORK_SECTION_DNS_HOST, -1,
                                    "<host ip='192.168.199.5'><hostname>h1</hostname></host>", libvirt.VIR_NETWORK_UPDATE_AFFECT_CONFIG))
text('n1.XMLDesc.updated', lambda: n1.XMLDesc(0))
call('n1.update.live.inactive', lambda: n1.update(libvirt.VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, libvirt.VIR_NETWORK_SECTION_DNS_HOST, -1,
                                                  "<host ip='192.168.199.6'><hostname>h2</hostname></host>", libvirt.VIR_NETWORK_UPDATE_AFFECT_LIVE))
call('n1.bridgeName', n1.bridgeName)
call('n1.create', n1.create)
call('n1.destroy', n1.destroy)
call('n1.destroy.again', n1.destroy)
call('n1.undefine', n1.undefine)
call('n1.undefine.again', n1.undefine)

# storage pools and volumes
pool = conn.storagePoolLookupByName('default-pool')
call('pool.info', pool.info)
text('pool.XMLDesc', lambda: pool.XMLDesc(0))
call('pool.isActive', pool.isActive)
call('pool.autostart', pool.autostart)
call('pool.numOfVolumes', pool.numOfVolumes)
unordered('pool.listVolumes', pool.listVolumes)
unordered('listStoragePools', conn.listStoragePools)
unordered('listDefinedStoragePools', conn.listDefinedStoragePools)
call('storagePoolLookupByName.missing', lambda: conn.storagePoolLookupByName('nosuch'))
call('storagePoolLookupByUUIDString', lambda: conn.storagePoolLookupByUUIDString(pool.UUIDString()))
call('storagePoolLookupByUUIDString.missing', lambda: conn.storagePoolLookupByUUIDString('d7e4c5c6-2d3f-4f66-9c3e-4f3f8f3e1cff'))
call('pool.create.active', lambda: pool.create(0))
call('pool.isPersistent', pool.isPersistent)
call('pool.refresh', lambda: pool.refresh(0))
call('storagePoolDefineXML', lambda: conn.storagePoolDefineXML(POOL_XML, 0))
p1 = conn.storagePoolLookupByName('interoppool')
call('p1.isActive', p1.isActive)
call('p1.listVolumes.inactive', p1.listVolumes)
call('p1.setAutostart', lambda: p1.setAutostart(1))
call('p1.autostart', p1.autostart)
call('p1.build', lambda: p1.build(0))
call('p1.create', lambda: p1.create(0))
call('p1.refresh', lambda: p1.refresh(0))
call('p1.createXML', lambda: p1.createXML(VOL_XML, 0))
vol = p1.storageVolLookupByName('interopvol.img')
call('vol.name', vol.name)
call('vol.key', vol.key)
call('vol.path', vol.path)
call('vol.info', vol.info)
call('vol.storagePoolLookupByVolume', vol.storagePoolLookupByVolume)
call('p1.createXMLFrom', lambda: p1.createXMLFrom(CLONE_XML, vol, 0))
unordered('p1.listAllVolumes', lambda: [v.name() for v in p1.listAllVolumes(0)])
call('p1.numOfVolumes', p1.numOfVolumes)
call('p1.createXML.again', lambda: p1.createXML(VOL_XML, 0))
call('vol.resize', lambda: vol.resize(32 * 1024 * 1024, 0))
call('vol.info.resized', vol.info)
call('vol.wipe', lambda: vol.wipe(0))
call('p1.undefine.active', p1.undefine)
call('clone.delete', lambda: p1.storageVolLookupByName('interopclone.img').delete(0))
text('vol.XMLDesc', lambda: vol.XMLDesc(0))
call('storageVolLookupByKey', lambda: conn.storageVolLookupByKey(vol.key()))
call('storageVolLookupByPath', lambda: conn.storageVolLookupByPath(vol.path()))
call('vol.lookup.missing', lambda: p1.storageVolLookupByName('nosuch'))
call('vol.delete', lambda: vol.delete(0))
call('p1.destroy', p1.destroy)
call('p1.delete', lambda: p1.delete(0))
call('p1.undefine', p1.undefine)

# interfaces
unordered('listInterfaces', conn.listInterfaces)
unordered('listDefinedInterfaces', conn.listDefinedInterfaces)
iface = conn.interfaceLookupByName('eth1')
call('iface.MACString', iface.MACString)
text('iface.XMLDesc', lambda: iface.XMLDesc(0))
call('iface.isActive', iface.isActive)
call('interfaceLookupByMACString', lambda: conn.interfaceLookupByMACString(iface.MACString()))
call('interfaceLookupByName.missing', lambda: conn.interfaceLookupByName('nosuch'))
call('interfaceLookupByMACString.missing', lambda: conn.interfaceLookupByMACString('aa:bb:cc:dd:ee:ff'))
call('iface.name', iface.name)
call('interfaceDefineXML', lambda: conn.interfaceDefineXML(IFACE_XML, 0))
i9 = conn.interfaceLookupByName('eth9')
call('i9.isActive', i9.isActive)
call('i9.create', lambda: i9.create(0))
call('i9.create.again', lambda: i9.create(0))
call('i9.destroy', lambda: i9.destroy(0))
call('i9.undefine', i9.undefine)
call('interfaceChangeBegin', lambda: conn.changeBegin(0))
call('interfaceChangeBegin.again', lambda: conn.changeBegin(0))
call('interfaceChangeRollback', lambda: conn.changeRollback(0))
call('interfaceChangeCommit.none', lambda: conn.changeCommit(0))

# node devices
unordered('listDevices', lambda: conn.listDevices(None, 0))
dev = conn.nodeDeviceLookupByName('computer')
text('dev.XMLDesc', lambda: dev.XMLDesc(0))
call('dev.parent', dev.parent)
call('dev.listCaps', dev.listCaps)
call('dev.numOfCaps', dev.numOfCaps)
call('nodeDeviceLookupByName.missing', lambda: conn.nodeDeviceLookupByName('nosuch'))
call('dev.name', dev.name)
call('nodeDeviceLookupSCSIHostByWWN', lambda: conn.nodeDeviceLookupSCSIHostByWWN('2000000012341234', '1000000012341234', 0))
call('nodeDeviceCreateXML', lambda: conn.nodeDeviceCreateXML(VHBA_XML, 0))
unordered('listDevices.after', lambda: conn.listDevices(None, 0))
call('vhba.destroy', lambda: conn.nodeDeviceLookupByName('scsi_host12').destroy())
call('computer.destroy', lambda: dev.destroy())

# secrets and network filters (libvirt's test driver has neither)
unordered('listSecrets', conn.listSecrets)
call('secretLookupByUUIDString', lambda: conn.secretLookupByUUIDString('e8f5d6d7-3e4f-4a77-8d4f-5f4f9f4f2d04'))
call('secretDefineXML', lambda: conn.secretDefineXML("<secret ephemeral='no' private='no'/>", 0))
call('secretLookupByUsage', lambda: conn.secretLookupByUsage(libvirt.VIR_SECRET_USAGE_TYPE_VOLUME, '/x'))
unordered('listNWFilters', conn.listNWFilters)

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
