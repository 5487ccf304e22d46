// The `-r` internal backends (engine spec §11): IPAM and the VLAN/AS/GENID ID pools.
export { backendCrds, IPAM_API_VERSION, IPAM_GROUP } from './crds.js';
export { installBackends, withInternalReconcilers, type InstalledBackends } from './install.js';
export { IpamBackend } from './ipam/backend.js';
export { IdPoolBackend } from './idpool/backend.js';
export { BACKEND_MANAGER } from './hooks.js';
