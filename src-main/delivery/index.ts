// Public entry of delivery (issue 7): the CLI and the host use only what is exported here.
export * from './types.js';
export { Delivery, readDeliverySettings, type DeliveryOptions, type EnvironmentOverview, type DeployOptions, type RedeployResult } from './delivery.js';
export { deliveryPaths, SECRETS_FILE, type DeliveryPaths } from './layout.js';
export { REDACTED, makeRedactor } from './redact.js';
export { scanKeys, missingKeys, mergeKeyUses } from './key-scan.js';
export { configBuiltins, KeyRecorder, CONFIG_BUILTIN_NAMES } from './config-builtins.js';
export { assessHealth } from './health-rules.js';
export type { DeliveryRunners, EnvironmentRunner, EnvironmentRunnerOptions } from './runners.js';
export type { HistoryFilter } from './history.js';
export { moveProjectSecrets, type SecretStorePlace } from './config-values.js';
