// Test driver: the interface area. Its objects live in InterfaceStore; interfacePart() is its share of the
// driver tables; the loaders fill it from test:///default's built-in data or from a custom file.
import type { InterfaceDriver } from '../../driver/interface.js';
import type { InterfaceRef } from '../../driver/refs.js';
import type { XmlEl } from '../../conf/xml/parse.js';
import { children } from '../../conf/xml/read.js';
import { cloneInterface, formatInterface, parseInterface, parseInterfaceXml, type InterfaceDef } from '../../conf/interface-conf.js';
import { ErrorCode, ErrorDomain, checkFlags, errorsFrom } from '../../util/error.js';
import type { TestState } from './test-state.js';
import { resolveFileRef } from './custom-config.js';

const report = errorsFrom(ErrorDomain.Test);

/** virConnectListAllInterfacesFlags */
const LIST_INACTIVE = 1 << 0;
const LIST_ACTIVE = 1 << 1;
/** VIR_INTERFACE_DEFINE_VALIDATE */
const DEFINE_VALIDATE = 1 << 0;

interface InterfaceObj {
  def: InterfaceDef;
  active: boolean;
}


/** GLib's g_return_val_if_fail report on stderr, as the C library prints it. */
function glibCritical(msg: string): void {
  const d = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
  process.stderr.write(`\n(process:${process.pid}): GLib-CRITICAL **: ${stamp}: ${msg}\n`);
}

export class InterfaceStore {
  readonly state: TestState;
  /** name → object; insertion order stands in for libvirt's hash order. */
  objs = new Map<string, InterfaceObj>();
  /** The restore point of iface-begin, while a transaction runs. */
  backup: Map<string, InterfaceObj> | null = null;

  constructor(state: TestState) {
    this.state = state;
  }

  find(name: string): InterfaceObj {
    const o = this.objs.get(name);
    if (!o) throw report(ErrorCode.NoInterface, `no interface with matching name '${name}'`);
    return o;
  }

  /** virInterfaceObjListAssignDef: a new name starts inactive; a known one keeps its state. */
  assign(def: InterfaceDef): InterfaceObj {
    const old = this.objs.get(def.name);
    if (old) {
      old.def = def;
      return old;
    }
    const o = { def, active: false };
    this.objs.set(def.name, o);
    return o;
  }
}

function ref(def: InterfaceDef): InterfaceRef {
  // virGetInterface stores a missing MAC as the empty string.
  return { name: def.name, mac: def.mac ?? '' };
}

export function interfacePart(state: TestState): InterfaceDriver {
  const store = state.interfaces;
  const names = (active: boolean, max: number) => {
    const out: string[] = [];
    for (const o of store.objs.values()) {
      if (max >= 0 && out.length >= max) break;
      if (o.active === active) out.push(o.def.name);
    }
    return out;
  };
  const count = (active: boolean) => [...store.objs.values()].filter((o) => o.active === active).length;

  return {
    name: 'Test',
    async connectNumOfInterfaces() {
      return count(true);
    },
    async connectListInterfaces(maxnames) {
      return names(true, maxnames);
    },
    async connectNumOfDefinedInterfaces() {
      return count(false);
    },
    async connectListDefinedInterfaces(maxnames) {
      return names(false, maxnames);
    },
    async connectListAllInterfaces(flags) {
      checkFlags(flags, LIST_ACTIVE | LIST_INACTIVE, 'testConnectListAllInterfaces', ErrorDomain.Test);
      const out: InterfaceRef[] = [];
      for (const o of store.objs.values()) {
        if (flags & (LIST_ACTIVE | LIST_INACTIVE)) {
          const keep = ((flags & LIST_ACTIVE) && o.active) || ((flags & LIST_INACTIVE) && !o.active);
          if (!keep) continue;
        }
        out.push(ref(o.def));
      }
      return out;
    },
    async interfaceLookupByName(name) {
      return ref(store.find(name).def);
    },
    async interfaceLookupByMACString(mac) {
      const lower = mac.toLowerCase();
      const hits = [...store.objs.values()].filter((o) => {
        if (o.def.mac !== undefined) return o.def.mac.toLowerCase() === lower;
        // libvirt compares with g_ascii_strcasecmp, which warns about the missing MAC and then
        // calls the strings equal: an interface without a MAC matches every address.
        glibCritical("g_ascii_strcasecmp: assertion 's1 != NULL' failed");
        return true;
      });
      if (hits.length === 0) throw report(ErrorCode.NoInterface, `no interface with matching mac '${mac}'`);
      if (hits.length > 1) throw report(ErrorCode.MultipleInterfaces);
      return { name: hits[0].def.name, mac };
    },
    async interfaceIsActive(iface) {
      return store.find(iface.name).active;
    },
    async interfaceChangeBegin(flags) {
      checkFlags(flags, 0, 'testInterfaceChangeBegin', ErrorDomain.Test);
      if (store.backup) throw report(ErrorCode.OperationInvalid, 'there is another transaction running.');
      // libvirt's restore point is a fresh list built from each definition, so every interface in
      // it starts out inactive; a rollback therefore leaves all of them down.
      store.backup = new Map([...store.objs].map(([n, o]) => [n, { def: cloneInterface(o.def), active: false }]));
    },
    async interfaceChangeCommit(flags) {
      checkFlags(flags, 0, 'testInterfaceChangeCommit', ErrorDomain.Test);
      if (!store.backup) throw report(ErrorCode.OperationInvalid, 'no transaction running, nothing to be committed.');
      store.backup = null;
    },
    async interfaceChangeRollback(flags) {
      checkFlags(flags, 0, 'testInterfaceChangeRollback', ErrorDomain.Test);
      if (!store.backup) throw report(ErrorCode.OperationInvalid, 'no transaction running, nothing to rollback.');
      store.objs = store.backup;
      store.backup = null;
    },
    async interfaceGetXMLDesc(iface, flags) {
      checkFlags(flags, 0, 'testInterfaceGetXMLDesc', ErrorDomain.Test);
      return formatInterface(store.find(iface.name).def);
    },
    async interfaceDefineXML(xml, flags) {
      checkFlags(flags, DEFINE_VALIDATE, 'testInterfaceDefineXML', ErrorDomain.Test);
      const def = await parseInterfaceXml(xml);
      return ref(store.assign(def).def);
    },
    async interfaceUndefine(iface) {
      store.find(iface.name);
      store.objs.delete(iface.name);
    },
    async interfaceCreate(iface, flags) {
      checkFlags(flags, 0, 'testInterfaceCreate', ErrorDomain.Test);
      const o = store.find(iface.name);
      if (o.active) throw report(ErrorCode.OperationInvalid);
      o.active = true;
    },
    async interfaceDestroy(iface, flags) {
      checkFlags(flags, 0, 'testInterfaceDestroy', ErrorDomain.Test);
      const o = store.find(iface.name);
      if (!o.active) throw report(ErrorCode.OperationInvalid);
      o.active = false;
    },
  };
}

/** test:///default's interface objects: eth1, up. */
export function loadDefaultInterface(state: TestState): void {
  const eth1: InterfaceDef = {
    type: 'ethernet',
    name: 'eth1',
    startMode: 'onboot',
    mac: 'aa:bb:cc:dd:ee:ff',
    mtu: 1492,
    link: { state: 0, speed: 0 },
    protocols: [
      { family: 'ipv4', dhcp: false, autoconf: false, ips: [{ address: '192.168.0.5', prefix: 24 }], gateway: '192.168.0.1' },
    ],
  };
  state.interfaces.assign(eth1).active = true;
}

/** The interface objects of a custom test:///path.xml file (`root` is its <node> element); all start up. */
export async function loadInterfaceFromConfig(state: TestState, root: XmlEl, baseDir: string): Promise<void> {
  for (const node of children(root, 'interface')) {
    const el = await resolveFileRef(node, baseDir);
    state.interfaces.assign(parseInterface(el)).active = true;
  }
}
