// virsh's "Node Device" group (virsh-nodedev.c): host devices, vHBA creation, and handing PCI
// devices to guests (detach / re-attach / reset).
import type { Connect } from '../../../api/connect.js';
import { ListNodeDevicesFlags, NodeDeviceXMLFlags, type NodeDevice } from '../../../api/node-device.js';
import { NodeDevCapTypes } from '../../../conf/node-device-conf.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../../../util/error.js';
import { CommandFailure, defineCommand, type CommandDef, type CommandInfo, type Ctl, type OptDef } from '../../vsh/command-def.js';
import { dumpXml } from './shared/xml-output.js';
import { chooseEvent, waitForEvents, waitOptions } from './domain-events.js'; // events area
import { actionCommand, autostartCommand, type ObjectKind } from './shared/object-commands.js';
import { stringToArray } from './shared/virsh-strings.js';

/** virValidateWWN: 16 hex digits, optionally after "0x". */
function validateWwn(wwn: string): void {
  const p = wwn.startsWith('0x') ? wwn.slice(2) : wwn;
  if (!/^[0-9a-fA-F]{16}$/.test(p)) throw errorsFrom(ErrorDomain.None)(ErrorCode.InternalError, `Malformed wwn: ${wwn}`);
}

/** vshFindNodeDevice: a device by name, or an FC host by "wwnn,wwpn". */
async function findNodeDevice(ctl: Ctl, value: string): Promise<NodeDevice> {
  const conn = await ctl.conn();
  let dev: Promise<NodeDevice>;
  if (value.includes(',')) {
    const arr = stringToArray(value);
    if (arr.length !== 2) throw new CommandFailure(`Malformed device value '${value}'`);
    validateWwn(arr[0]);
    validateWwn(arr[1]);
    dev = conn.nodeDeviceLookupSCSIHostByWWN(arr[0], arr[1], 0);
  } else {
    dev = conn.nodeDeviceLookupByName(value);
  }
  try {
    return await dev;
  } catch (e) {
    throw new CommandFailure(`Could not find matching device '${value}'`, e);
  }
}

/** The lookup the detach/re-attach/reset/start commands use: by name only. */
async function deviceByName(ctl: Ctl, name: string): Promise<NodeDevice> {
  const conn = await ctl.conn();
  try {
    return await conn.nodeDeviceLookupByName(name);
  } catch (e) {
    throw new CommandFailure(`Could not find matching device '${name}'`, e);
  }
}

const deviceOpt = (help: string): OptDef => ({ name: 'device', type: 'data', required: true, help });
const DEVICE_OR_WWNS = "device name, or the wwn pair of an FC host as 'wwnn,wwpn'";

/** A device named by its name or FC wwn pair, for the commands the shared code provides. */
const NODE_DEVICE: ObjectKind<NodeDevice> = {
  noun: 'device',
  label: 'Device',
  opt: (help) => deviceOpt(help ?? DEVICE_OR_WWNS),
  find: async (ctl, cmd) => {
    const value = cmd.stringReq('device')!;
    return { obj: await findNodeDevice(ctl, value), name: value };
  },
};

/** A device named by its name only, as the detach/re-attach/reset/start commands take it. */
const NODE_DEVICE_BY_NAME: ObjectKind<NodeDevice> = {
  noun: 'device',
  label: 'Device',
  opt: () => deviceOpt('device name'),
  find: async (ctl, cmd) => {
    const name = cmd.stringReq('device')!;
    return { obj: await deviceByName(ctl, name), name };
  },
};

/** nodedev-destroy and nodedev-undefine: one call on the device, reported with its name as given. */
function deviceCall(name: string, info: CommandInfo, opts: OptDef[], verb: string, done: string, act: (d: NodeDevice) => Promise<void>): CommandDef {
  return defineCommand({
    name,
    info,
    opts: [...opts, deviceOpt(DEVICE_OR_WWNS)],
    async run(ctl, cmd) {
      const { obj, name: value } = await NODE_DEVICE.find(ctl, cmd);
      try {
        await act(obj);
      } catch (e) {
        throw new CommandFailure(`Failed to ${verb} node device '${value}'`, e);
      }
      ctl.printExtra(`${done} node device '${value}'\n`);
      return true;
    },
  });
}
const fileOpt: OptDef = { name: 'file', type: 'data', required: true, help: 'XML file describing the device' };
const validateOpt: OptDef = { name: 'validate', type: 'bool', help: 'check the XML against the schema' };

function isNoSupport(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: number }).code === ErrorCode.NoSupport;
}

/** vshStrcasecmp order */
function byNameCaseless(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x < y) return -1;
  return x > y ? 1 : 0;
}

/** virshNodeDeviceListCollect: the modern listing, else names plus a capability filter done here. */
async function collectDevices(conn: Connect, caps: string[], flags: number): Promise<NodeDevice[]> {
  let list: NodeDevice[];
  try {
    list = await conn.listAllNodeDevices(flags);
  } catch (e) {
    if (!isNoSupport(e)) throw new CommandFailure('Failed to list node devices', e);
    let names: string[];
    try {
      const n = await conn.nodeNumOfDevices(null, 0);
      names = n === 0 ? [] : await conn.nodeListDevices(null, n, 0);
    } catch (e2) {
      throw new CommandFailure('Failed to count node devices', e2);
    }
    list = [];
    for (const n of names) {
      try {
        list.push(await conn.nodeDeviceLookupByName(n));
      } catch {
        // gone in between: left out
      }
    }
    if (caps.length) {
      const kept: NodeDevice[] = [];
      for (const d of list) {
        let devCaps: string[];
        try {
          devCaps = await d.listCaps(await d.numOfCaps());
        } catch (e2) {
          throw new CommandFailure('Failed to get capability names of the device', e2);
        }
        if (devCaps.some((c) => caps.includes(c))) kept.push(d);
      }
      list = kept;
    }
  }
  return list.sort((a, b) => byNameCaseless(a.name, b.name));
}

/** vshTreePrint: devices under their parents, drawn with "+- " and "|". */
function printTree(ctl: Ctl, names: string[], parents: (string | null)[]): void {
  const walk = (devid: number, lastdev: number, root: boolean, indent: string): string => {
    const dev = names[devid];
    ctl.print(`${indent}${root ? '' : '+- '}${dev}\n`);
    let ind = indent;
    if (!root) ind += `${devid === lastdev ? ' ' : '|'} `;
    let nextlast = -1;
    parents.forEach((p, i) => {
      if (p === dev) nextlast = i;
    });
    if (nextlast !== -1) ctl.print(`${ind}  |\n`);
    const childIndent = `${ind}  `;
    parents.forEach((p, i) => {
      if (p === dev) walk(i, nextlast, false, childIndent);
    });
    if (nextlast === -1 && devid === lastdev) ctl.print(`${ind}\n`);
    return ind;
  };
  parents.forEach((p, i) => {
    if (p === null) walk(i, i, true, '');
  });
}

const nodedevList = defineCommand({
  name: 'nodedev-list',
  info: { help: 'list the devices of this host', desc: '' },
  opts: [
    { name: 'tree', type: 'bool', help: 'show the devices as a tree' },
    { name: 'cap', type: 'string', help: 'only devices with one of these capabilities (comma-separated)' },
    { name: 'inactive', type: 'bool', help: 'show only inactive devices' },
    { name: 'all', type: 'bool', help: 'show active and inactive devices' },
  ],
  async run(ctl, cmd) {
    const tree = cmd.has('tree');
    const capStr = cmd.string('cap');
    const caps = capStr !== undefined ? stringToArray(capStr) : [];
    const inactive = cmd.has('inactive');
    const all = cmd.has('all');
    if (all && inactive) {
      ctl.error('Option --all is incompatible with --inactive');
      return false;
    }
    if (tree && (capStr !== undefined || inactive)) {
      ctl.error('Option --tree is incompatible with --cap and --inactive');
      return false;
    }
    let flags = 0;
    for (const c of caps) {
      const i = (NodeDevCapTypes as readonly string[]).indexOf(c);
      if (i < 0) {
        ctl.error('Invalid capability type');
        return false;
      }
      // The listing flags follow the capability order, one bit each.
      flags |= 1 << i;
    }
    if (inactive || all) flags |= ListNodeDevicesFlags.INACTIVE;
    if (!inactive) flags |= ListNodeDevicesFlags.ACTIVE;
    flags >>>= 0;
    const conn = await ctl.conn();
    const list = await collectDevices(conn, caps, flags);
    if (!tree) {
      for (const d of list) ctl.print(`${d.name}\n`);
      return true;
    }
    const names = list.map((d) => d.name);
    const parents: (string | null)[] = [];
    for (const d of list) {
      if (d.name === 'computer') parents.push(null);
      else parents.push(await d.getParent().catch(() => null));
    }
    printTree(ctl, names, parents);
    return true;
  },
});

const nodedevDumpxml = defineCommand({
  name: 'nodedev-dumpxml',
  info: { help: 'print a device definition as XML', desc: 'Prints the XML description of a host device.' },
  opts: [
    deviceOpt(DEVICE_OR_WWNS),
    { name: 'xpath', type: 'string', reqOpt: true, help: 'print only what this XPath expression selects' },
    { name: 'wrap', type: 'bool', help: 'put the XPath results under one common root element' },
  ],
  async run(ctl, cmd) {
    const value = cmd.stringReq('device')!;
    const xpath = cmd.string('xpath');
    const dev = await findNodeDevice(ctl, value);
    const xml = await dev.getXMLDesc(0);
    return dumpXml(ctl, xml, 'node-device', xpath, cmd.has('wrap'));
  },
});

const nodedevInfo = defineCommand({
  name: 'nodedev-info',
  info: { help: 'show basic facts about a device', desc: 'Shows the name, parent and state of a host device.' },
  opts: [deviceOpt(DEVICE_OR_WWNS)],
  async run(ctl, cmd) {
    const value = cmd.stringReq('device')!;
    const dev = await findNodeDevice(ctl, value);
    // A device without a parent (and a failed query) prints an empty field, as virsh's NULLSTR_EMPTY.
    const parent = (await dev.getParent().catch(() => null)) ?? '';
    // virsh tests the raw results, so a failed query (-1) reads as "yes".
    const active = await dev.isActive().catch(() => true);
    const persistent = await dev.isPersistent().catch(() => true);
    let autostart: string;
    try {
      autostart = (await dev.getAutostart()) ? 'yes' : 'no';
    } catch {
      autostart = 'no autostart';
    }
    const row = (label: string, v: string) => ctl.print(`${label.padEnd(15)} ${v}\n`);
    row('Name:', dev.name);
    row('Parent:', parent);
    row('Active:', active ? 'yes' : 'no');
    row('Persistent:', persistent ? 'yes' : 'no');
    row('Autostart:', autostart);
    return true;
  },
});

const nodedevCreate = defineCommand({
  name: 'nodedev-create',
  info: { help: 'create a host device from an XML file', desc: 'Creates a device on the host (a vHBA, say) that can then be given to a guest.' },
  opts: [fileOpt, validateOpt],
  async run(ctl, cmd) {
    const from = cmd.stringReq('file')!;
    const xml = await ctl.readFile(from);
    const flags = cmd.has('validate') ? NodeDeviceXMLFlags.VALIDATE : 0;
    const conn = await ctl.conn();
    let dev: NodeDevice;
    try {
      dev = await conn.nodeDeviceCreateXML(xml, flags);
    } catch (e) {
      throw new CommandFailure(`Failed to create node device from ${from}`, e);
    }
    ctl.printExtra(`Node device ${dev.name} created from ${from}\n`);
    return true;
  },
});

const nodedevDestroy = deviceCall(
  'nodedev-destroy',
  { help: 'remove a device from the host', desc: 'Destroys a device on the host (a vHBA, say).' },
  [{ name: 'name', type: 'alias', help: 'device' }],
  'destroy',
  'Destroyed',
  (d) => d.destroy(),
);

const nodedevDetach = actionCommand(NODE_DEVICE_BY_NAME, {
  name: 'nodedev-detach',
  info: { help: 'detach a device from its host driver', desc: 'Detaches a host device from its driver so that it can be given to a guest.' },
  opts: [{ name: 'driver', type: 'string', help: "backend driver for PCI assignment (e.g. 'vfio' or 'xen')" }],
  verb: 'detach',
  done: 'detached',
  act: (d, cmd) => {
    const driver = cmd.string('driver');
    return driver !== undefined ? d.detachFlags(driver, 0) : d.dettach();
  },
});

const nodedevReattach = actionCommand(NODE_DEVICE_BY_NAME, {
  name: 'nodedev-reattach',
  info: { help: 'give a device back to its host driver', desc: 'Re-attaches a host device to its driver once no guest uses it.' },
  verb: 're-attach',
  done: 're-attached',
  act: (d) => d.reAttach(),
});

const nodedevReset = actionCommand(NODE_DEVICE_BY_NAME, {
  name: 'nodedev-reset',
  info: { help: 'reset a host device', desc: 'Resets a host device before or after it is given to a guest.' },
  verb: 'reset',
  done: 'reset',
  act: (d) => d.reset(),
});

const nodedevStart = actionCommand(NODE_DEVICE_BY_NAME, {
  name: 'nodedev-start',
  info: { help: 'start a defined, inactive device', desc: 'Starts a host device that was defined earlier and is not active.' },
  verb: 'start',
  done: 'started',
  act: (d) => d.create(0),
});

const nodedevDefine = defineCommand({
  name: 'nodedev-define',
  info: { help: 'define a host device from an XML file', desc: 'Defines a persistent host device that can be given to a guest once started.' },
  opts: [fileOpt, validateOpt],
  async run(ctl, cmd) {
    const from = cmd.stringReq('file')!;
    const xml = await ctl.readFile(from);
    const flags = cmd.has('validate') ? NodeDeviceXMLFlags.VALIDATE : 0;
    const conn = await ctl.conn();
    let dev: NodeDevice;
    try {
      dev = await conn.nodeDeviceDefineXML(xml, flags);
    } catch (e) {
      throw new CommandFailure(`Failed to define node device from '${from}'`, e);
    }
    ctl.printExtra(`Node device '${dev.name}' defined from '${from}'\n`);
    return true;
  },
});

const nodedevUndefine = deviceCall(
  'nodedev-undefine',
  { help: 'remove the definition of an inactive device', desc: 'Removes the persistent definition of an inactive host device.' },
  [],
  'undefine',
  'Undefined',
  (d) => d.undefine(0),
);

const nodedevAutostart = autostartCommand(NODE_DEVICE, 'nodedev-autostart', {
  help: 'set whether a defined device starts at boot',
  desc: 'Marks a defined host device to be started at boot, or no longer.',
});

/** virshNodeDeviceEventCallbacks: the event names, in libvirt's id order. */
const EVENT_NAMES = ['lifecycle', 'update'] as const;
/** virshNodeDeviceEvent: how the lifecycle events read. */
const LIFECYCLE_NAMES = ['Created', 'Deleted', 'Defined', 'Undefined'];

const nodedevEvent = defineCommand({
  name: 'nodedev-event',
  info: { help: 'wait for node device events', desc: 'Lists the node device event types, or waits for events of one type.' },
  opts: [
    { name: 'device', type: 'string', help: 'only events of this device' },
    { name: 'event', type: 'string', help: 'the event type to wait for' },
    { name: 'loop', type: 'bool', help: 'keep waiting until the timeout or an interrupt' },
    { name: 'timeout', type: 'int', help: 'seconds to wait' },
    { name: 'list', type: 'bool', help: 'list the event types' },
    { name: 'timestamp', type: 'bool', help: 'print a timestamp with each event' },
  ],
  // (events area) on the public event API
  async run(ctl, cmd) {
    const event = chooseEvent(ctl, cmd, EVENT_NAMES);
    if (event === 'listed') return true;
    if (event === undefined) return false;
    const opts = waitOptions(cmd);
    const devName = cmd.stringReq('device');
    const dev = devName !== undefined ? await deviceByName(ctl, devName) : null;
    const conn = await ctl.conn();
    return waitForEvents(ctl, opts, async (sink) => {
      const id = await conn.nodeDeviceEventRegisterAny(dev, event, (d, ev) => {
        if (ev.eventID === 0) sink.print(`event 'lifecycle' for node device ${d.name}: ${LIFECYCLE_NAMES[ev.event] ?? 'unknown'}\n`);
        else sink.print(`event '${EVENT_NAMES[ev.eventID]}' for node device ${d.name}\n`);
      });
      return [() => conn.nodeDeviceEventDeregisterAny(id)];
    });
  },
});

export const commands: CommandDef[] = [
  nodedevCreate,
  nodedevDestroy,
  nodedevDetach,
  { ...nodedevDetach, name: 'nodedev-dettach', alias: 'nodedev-detach' },
  nodedevDumpxml,
  nodedevList,
  nodedevReattach,
  nodedevReset,
  nodedevEvent,
  nodedevDefine,
  nodedevUndefine,
  nodedevStart,
  nodedevAutostart,
  nodedevInfo,
];
