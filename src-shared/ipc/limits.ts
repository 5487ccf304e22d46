// Limits shared by the contract's schemas and the host that enforces them.

/**
 * Largest file the editor opens and saves (bytes of UTF-8). One limit for both ways: a file the editor could
 * write but not read back would be lost to it. The host checks bytes; schemas bound characters (≤ bytes).
 */
export const MAX_EDITOR_FILE_BYTES = 32 * 1024 * 1024;
