// The order drivers register in (virInitialize): local drivers first, the remote driver last.
import type { DriverRegistry } from '../driver/registry.js';
import { testConnectDriver } from '../drivers/test/test-driver.js';
import { remoteConnectDriver } from '../drivers/remote/remote-driver.js';

export function registerDefaultDrivers(reg: DriverRegistry): DriverRegistry {
  reg.registerConnectDriver(testConnectDriver);
  reg.registerConnectDriver(remoteConnectDriver); // last: takes what the local drivers decline
  return reg;
}
