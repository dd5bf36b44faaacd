// libvirt's virNWFilterDriver (src/driver-nwfilter.h). Conventions: see hypervisor.ts.
import type { NWFilterRef } from './refs.js';

/** remote_nonnull_nwfilter_binding: a filter bound to one guest port. */
export interface NWFilterBindingRef {
  portdev: string;
  filtername: string;
}

export interface NWFilterDriver {
  readonly name: string;
  connectNumOfNWFilters?(): Promise<number>;
  connectListNWFilters?(maxnames: number): Promise<string[]>;
  connectListAllNWFilters?(flags: number): Promise<NWFilterRef[]>;
  nwfilterLookupByName?(name: string): Promise<NWFilterRef>;
  nwfilterLookupByUUID?(uuid: string): Promise<NWFilterRef>;
  nwfilterDefineXML?(xml: string): Promise<NWFilterRef>;
  nwfilterDefineXMLFlags?(xml: string, flags: number): Promise<NWFilterRef>;
  nwfilterUndefine?(filter: NWFilterRef): Promise<void>;
  nwfilterGetXMLDesc?(filter: NWFilterRef, flags: number): Promise<string>;
  connectListAllNWFilterBindings?(flags: number): Promise<NWFilterBindingRef[]>;
  nwfilterBindingLookupByPortDev?(portdev: string): Promise<NWFilterBindingRef>;
  nwfilterBindingCreateXML?(xml: string, flags: number): Promise<NWFilterBindingRef>;
  nwfilterBindingDelete?(binding: NWFilterBindingRef): Promise<void>;
  nwfilterBindingGetXMLDesc?(binding: NWFilterBindingRef, flags: number): Promise<string>;
}
