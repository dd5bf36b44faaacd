// The flag-less public APIs virsh calls when given no flags (virDomainCreate, virDomainSetVcpus,
// virDomainPinVcpu…) reach their own driver methods, not the Flags ones with 0. The test driver's
// flag-less twins differ where it shows: setvcpus with no option acts on the live domain (and so
// fails on a shut-off one), while --current alone goes through the Flags API and changes the
// config. Through the daemons these cases also prove the plain procedures are served.
import { CPU_TIME_MASK, type DiffCase } from '../case.js';

const INACTIVE = "<domain type='test'><name>inact</name><uuid>aaaaaaaa-0000-0000-0000-0000000000f1</uuid><memory>1048576</memory><vcpu current='1'>4</vcpu><os><type>hvm</type></os></domain>";
const files = { 'inact.xml': INACTIVE };

export const cases: DiffCase[] = [
  { name: 'setvcpus-plain-inactive-is-live', argv: ['define inact.xml; setvcpus inact 2; vcpucount inact'], files },
  { name: 'setvcpus-current-inactive-is-config', argv: ['define inact.xml; setvcpus inact 2 --current; vcpucount inact'], files },
  { name: 'setvcpus-plain-running', argv: ['setvcpus test 2; vcpucount test'] },
  { name: 'setmem-plain-inactive', argv: ['define inact.xml; setmem inact 524288; dominfo inact'], files, masks: [CPU_TIME_MASK] },
  { name: 'define-start-destroy-undefine-plain', argv: ['define inact.xml; start inact; domstate inact --reason; destroy inact; domstate inact --reason; undefine inact; list --all'], files },
  { name: 'start-shutdown-plain', argv: ['define inact.xml; start inact; shutdown inact; domstate inact --reason; shutdown inact'], files },
  { name: 'start-running-plain', argv: ['start', 'test'] },
  { name: 'destroy-inactive-plain', argv: ['define inact.xml; destroy inact'], files },
  { name: 'vcpupin-plain', argv: ['vcpupin test 0 1; vcpupin test'] },
  { name: 'vcpupin-plain-inactive', argv: ['define inact.xml; vcpupin inact 0 1'], files },
];
