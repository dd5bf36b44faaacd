// libvirt's virNWFilterDriver (src/driver-nwfilter.h). Conventions: see hypervisor.ts.
import type { NWFilterRef } from './refs.js';

export interface NWFilterDriver {
  readonly name: string;
  connectNumOfNWFilters?(): Promise<number>;
  connectListNWFilters?(maxnames: number): Promise<string[]>;
  connectListAllNWFilters?(flags: number): Promise<NWFilterRef[]>;
  nwfilterLookupByName?(name: string): Promise<NWFilterRef>;
  nwfilterLookupByUUID?(uuid: string): Promise<NWFilterRef>;
  nwfilterGetXMLDesc?(filter: NWFilterRef, flags: number): Promise<string>;
}
