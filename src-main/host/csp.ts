// The Content-Security-Policy of the renderer, for both transports (Electron response header and the
// browser-mode HTTP server). Monaco's workers need `worker-src blob:`; inline styles come from Monaco
// and React style props. No remote origin is allowed anywhere. (docs: toolchain.md §4)
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; " +
  "font-src 'self' data:; img-src 'self' data:";

/** Browser mode also talks to its own WebSocket endpoint, which `'self'` does not cover in every browser. */
export function browserModeCsp(wsOrigin: string): string {
  return `${RENDERER_CSP}; connect-src 'self' ${wsOrigin}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;
}
