// Moved to test/helpers/debian-libvirtd.ts (shared with the interop and differential tests).
export { DebianLibvirtd, LIBVIRTD, libvirtdAvailable, skipWithoutLibvirtd, strictPeers } from '../helpers/debian-libvirtd.js';
