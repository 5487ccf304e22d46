// Signature help: the signature of the call the cursor is in (a builtin, host builtin, method or project
// function, loaded ones included) and which parameter the cursor's argument fills.
import type { SignatureInfo } from '../../../src-shared/ipc/channels/language.js';
import { HOST_BUILTIN_SIGNATURES } from '../builtins/host-builtin-signatures.js';
import { paramLabel, signatureLabel, UNIVERSE_SIGNATURES, type Signature } from '../starlark/signatures.js';
import type { FileAnalysis } from './analysis.js';
import { callContext } from './cursor-context.js';
import { defSignature } from './describe.js';
import { methodSignatures } from './hover.js';
import { typeNameOf } from './infer.js';
import type { Pos } from './positions.js';
import { expressionAt } from './symbols.js';
import type { Workspace } from './workspace.js';

export interface SignatureHelpResult {
  signatures: SignatureInfo[];
  activeSignature: number;
  activeParameter: number;
}

function info(sig: Signature, name = sig.name): SignatureInfo {
  return {
    label: signatureLabel({ ...sig, name }),
    documentation: sig.doc,
    parameters: sig.params.map((p) => ({ label: paramLabel(p) })),
  };
}

/** The parameter an argument fills: by keyword, else by position (the `*args` parameter takes the rest). */
function activeParameter(sig: Signature, argIndex: number, argName: string | undefined): number {
  if (argName) {
    const i = sig.params.findIndex((p) => p.name === argName && !p.star);
    if (i >= 0) return i;
    const kw = sig.params.findIndex((p) => p.star === '**');
    return kw >= 0 ? kw : sig.params.length;
  }
  const star = sig.params.findIndex((p) => p.star === '*');
  if (star >= 0 && argIndex >= star) return star;
  return argIndex < sig.params.length ? argIndex : sig.params.length;
}

export function signatureHelp(ws: Workspace, fa: FileAnalysis, pos: Pos): SignatureHelpResult | undefined {
  const call = callContext(fa.index, pos);
  if (!call) return undefined;
  const callee = expressionAt(fa, call.callee, pos);
  if (!callee) return undefined;
  let sigs: Signature[] = [];
  let name: string | undefined;
  if (callee.kind === 'Dot') {
    const of = ws.inferer().typeOf(fa, callee.x);
    sigs = methodSignatures(typeNameOf(of), callee.name);
  } else if (callee.kind === 'Ident') {
    const b = callee.binding;
    if (b?.scope === 'predeclared') sigs = HOST_BUILTIN_SIGNATURES[callee.name] ?? [];
    else if (b?.scope === 'universal') sigs = UNIVERSE_SIGNATURES[callee.name] ? [UNIVERSE_SIGNATURES[callee.name]!] : [];
    else {
      const t = ws.inferer().typeOf(fa, callee);
      if (t?.k === 'func') {
        sigs = [defSignature(t.fa, t.def)];
        name = callee.name; // a loaded function keeps the name this file gives it
      }
    }
  }
  if (!sigs.length) return undefined;
  // reconcile_result has a 6- and a 5-argument form: past the 5th argument only the 6-argument one fits;
  // before that, the form of the project's generation (A: 6 arguments) leads.
  let active = 0;
  if (sigs.length > 1) {
    const fits = sigs.map((s, i) => ({ i, n: s.params.length })).filter((x) => call.argIndex < x.n);
    const preferred = ws.project.profile === 'A' ? Math.max(...fits.map((f) => f.n)) : Math.min(...fits.map((f) => f.n));
    active = fits.find((f) => f.n === preferred)?.i ?? 0;
  }
  return {
    signatures: sigs.map((s) => info(s, name ?? s.name)),
    activeSignature: active,
    activeParameter: activeParameter(sigs[active]!, call.argIndex, call.argName),
  };
}
