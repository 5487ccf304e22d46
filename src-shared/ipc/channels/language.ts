// The Starlark language service's channels: hover, go to definition, references, completion, signature
// help, rename and the outline of a Starlark file. The host answers them in its Starlark worker thread
// (src-main/engine/language). Positions are 1-based lines and columns in UTF-16 units, as Monaco counts.
// Every `file` is a project path; the host confines it to the project before anything is read.
import { z } from 'zod';
import type { ChannelGroup } from '../contract.js';

/** A project-relative `/` path (contract.ts's ProjectPath; repeated to avoid an import cycle). */
const Path = z.string().min(1).max(4096);
const Line = z.number().int().min(1).max(10_000_000);
const Col = z.number().int().min(1).max(10_000_000);
/** A Starlark buffer: at most 5 MB, as starlark.check takes. */
const Text = z.string().max(5_000_000);

export const LangSpan = z.object({ line: Line, col: Col, endLine: Line, endCol: Col });
export type LangSpan = z.infer<typeof LangSpan>;

export const LangLocation = LangSpan.extend({ file: Path });
export type LangLocation = z.infer<typeof LangLocation>;

/** The editor's unsaved Starlark buffers other than the one asked about (their text wins over the disk). */
const Buffers = z.array(z.object({ file: Path, text: Text }).strict()).max(64);

/** The file being edited, its current text and the cursor. */
const AtCursor = z.object({ file: Path, text: Text, line: Line, col: Col, buffers: Buffers.optional() }).strict();

export const CompletionKind = z.enum(['function', 'method', 'variable', 'constant', 'parameter', 'module', 'keyword', 'field', 'builtin']);
export type CompletionKind = z.infer<typeof CompletionKind>;

export const CompletionEntry = z.object({
  label: z.string(),
  kind: CompletionKind,
  /** A one-line signature or type. */
  detail: z.string().optional(),
  /** Markdown. */
  documentation: z.string().optional(),
  /** Sorts the list (lower first); the label when absent. */
  sortText: z.string().optional(),
});
export type CompletionEntry = z.infer<typeof CompletionEntry>;

export const SignatureInfo = z.object({
  label: z.string(),
  documentation: z.string(),
  parameters: z.array(z.object({ label: z.string(), documentation: z.string().optional() })),
});
export type SignatureInfo = z.infer<typeof SignatureInfo>;

export const SymbolKind = z.enum(['function', 'variable', 'constant', 'module']);
export type SymbolKind = z.infer<typeof SymbolKind>;

export interface OutlineSymbol {
  name: string;
  detail: string;
  kind: SymbolKind;
  range: LangSpan;
  selectionRange: LangSpan;
  children: OutlineSymbol[];
}
export const OutlineSymbol: z.ZodType<OutlineSymbol> = z.lazy(() =>
  z.object({ name: z.string(), detail: z.string(), kind: SymbolKind, range: LangSpan, selectionRange: LangSpan, children: z.array(OutlineSymbol) }),
);

export const TextEdit = LangSpan.extend({ text: z.string() });
export type TextEdit = z.infer<typeof TextEdit>;

export const FileEdits = z.object({ file: Path, edits: z.array(TextEdit) });
export type FileEdits = z.infer<typeof FileEdits>;

export const languageChannels = {
  /** Markdown about the name under the cursor (signature, docs, inferred type), or null. */
  'starlark.hover': { request: AtCursor, response: z.object({ hover: z.object({ markdown: z.string(), range: LangSpan }).nullable() }) },
  /** Where the name under the cursor is defined (across load()). Empty for builtins. */
  'starlark.definition': { request: AtCursor, response: z.object({ locations: z.array(LangLocation) }) },
  /** Every place in the project that names the symbol under the cursor. */
  'starlark.references': {
    request: AtCursor.extend({ includeDeclaration: z.boolean() }).strict(),
    response: z.object({ locations: z.array(LangLocation) }),
  },
  /** Completion at the cursor; `range` is the text the chosen item replaces. */
  'starlark.completion': { request: AtCursor, response: z.object({ items: z.array(CompletionEntry), range: LangSpan }) },
  /** The signature of the call around the cursor. */
  'starlark.signatureHelp': {
    request: AtCursor,
    response: z.object({ help: z.object({ signatures: z.array(SignatureInfo), activeSignature: z.number().int(), activeParameter: z.number().int() }).nullable() }),
  },
  /** What a rename at the cursor would rename (its range and current name), or why it cannot. */
  'starlark.prepareRename': {
    request: AtCursor,
    response: z.union([z.object({ range: LangSpan, placeholder: z.string() }), z.object({ reason: z.string() })]),
  },
  /** The edits of renaming the symbol under the cursor everywhere in the project (`invalid-request` with the reason when it cannot). */
  'starlark.rename': {
    request: AtCursor.extend({ newName: z.string().min(1).max(200) }).strict(),
    response: z.object({ edits: z.array(FileEdits) }),
  },
  /** The outline of a file: loads, functions (with nested ones) and top-level variables. */
  'starlark.symbols': {
    request: z.object({ file: Path, text: Text }).strict(),
    response: z.object({ symbols: z.array(OutlineSymbol) }),
  },
} as const satisfies ChannelGroup;
