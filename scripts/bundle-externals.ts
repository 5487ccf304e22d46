// Packages the main-process bundle leaves to Node's own loader at run time (scripts/build-main.ts), shared with
// the tests that build the same bundle: Electron is the runtime itself; the etcd client and its retry library
// are loaded from node_modules, and only when a project uses an etcd store.
export const BUNDLE_EXTERNALS = ['electron', 'etcd3', 'cockatiel'];
