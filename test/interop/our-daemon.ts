// Moved to test/helpers/ (shared by the interop, integration and differential tests); kept so
// older imports keep working.
export { ROOT, run, startOurDaemon, type OurDaemon } from '../helpers/our-daemon.js';
export { PEER_PYTHON as PYTHON, STRICT_PEERS as STRICT, havePythonLibvirt } from '../helpers/peers.js';
