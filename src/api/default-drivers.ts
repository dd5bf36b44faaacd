// The order drivers register in (virInitialize): local drivers first, the remote driver last.
import type { DriverRegistry } from '../driver/registry.js';
import { testConnectDriver } from '../drivers/test/test-driver.js';

export function registerDefaultDrivers(reg: DriverRegistry): DriverRegistry {
  reg.registerConnectDriver(testConnectDriver);
  return reg;
}
