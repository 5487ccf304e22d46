// The Starlark language service (issue 12 item 5) and the project model the graph reads (item 6), built on
// the interpreter's scanner, parser and resolver. Pure over a project read through a SourceFs: the host runs
// it in its Starlark worker thread (host/workers/language-worker-ops.ts), tests run it in node.
export { LanguageService, RenameError, type AtCursor } from './service.js';
export { loadLanguageProject, apiVersionOf, type LanguageProject, type KindRef, type ReconcilerInfo, type CrdInfo, type RefInfo, type StarFile } from './project.js';
export { Workspace } from './workspace.js';
