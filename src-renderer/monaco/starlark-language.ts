// Starlark for Monaco: a Monarch tokenizer modelled on Python's, with Starlark's keyword set, the
// Universe builtins and the Choreo host builtins (spec/starlark.md §2.4, §5).
import type * as Monaco from 'monaco-editor';

export const STARLARK_LANGUAGE_ID = 'starlark';

export const starlarkKeywords = [
  'and', 'break', 'continue', 'def', 'elif', 'else', 'for', 'if', 'in', 'lambda', 'load', 'not', 'or', 'pass',
  'return', 'while',
];

/** Python keywords that Starlark reserves: highlighted as errors-to-be so users notice them early. */
export const starlarkReserved = [
  'as', 'assert', 'async', 'await', 'class', 'del', 'except', 'finally', 'from', 'global', 'import', 'is',
  'nonlocal', 'raise', 'try', 'with', 'yield',
];

export const starlarkConstants = ['None', 'True', 'False'];

export const starlarkBuiltins = [
  'abs', 'any', 'all', 'bool', 'bytes', 'chr', 'dict', 'dir', 'enumerate', 'fail', 'float', 'getattr', 'hasattr',
  'hash', 'int', 'len', 'list', 'max', 'min', 'ord', 'print', 'range', 'repr', 'reversed', 'set', 'sorted', 'str',
  'tuple', 'type', 'zip',
];

export const choreoBuiltins = [
  'reconcile_result', 'client_get', 'client_list', 'client_create', 'client_apply', 'client_delete',
  'client_update', 'client_update_status', 'get_resource', 'add_finalizer', 'del_finalizer', 'is_conditionready',
  'get_prefixlength', 'get_address', 'get_subnetname', 'isIPv4', 'isIPv6', 'is_ipv4', 'is_ipv6',
];

export const starlarkConfiguration: Monaco.languages.LanguageConfiguration = {
  comments: { lineComment: '#' },
  brackets: [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
  ],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: ['string'] },
    { open: "'", close: "'", notIn: ['string', 'comment'] },
  ],
  surroundingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"' },
    { open: "'", close: "'" },
  ],
  // Indentation after a block header is applied in registerStarlark (IndentAction needs the runtime).
  folding: { offSide: true },
};

export const starlarkMonarch: Monaco.languages.IMonarchLanguage = {
  defaultToken: '',
  tokenPostfix: '.starlark',
  keywords: starlarkKeywords,
  reserved: starlarkReserved,
  constants: starlarkConstants,
  builtins: starlarkBuiltins,
  choreoBuiltins,
  brackets: [
    { open: '{', close: '}', token: 'delimiter.curly' },
    { open: '[', close: ']', token: 'delimiter.bracket' },
    { open: '(', close: ')', token: 'delimiter.parenthesis' },
  ],
  tokenizer: {
    root: [
      { include: '@whitespace' },
      { include: '@numbers' },
      { include: '@strings' },
      [/[,:;.]/, 'delimiter'],
      [/[{}[\]()]/, '@brackets'],
      [/[-+*/%=<>!&|^~]+/, 'operator'],
      [/(def)(\s+)([a-zA-Z_]\w*)/, ['keyword', 'white', 'entity.name.function']],
      [
        /[a-zA-Z_]\w*/,
        {
          cases: {
            '@keywords': 'keyword',
            '@constants': 'constant',
            '@reserved': 'invalid',
            '@choreoBuiltins': 'predefined.choreo',
            '@builtins': 'predefined',
            '@default': 'identifier',
          },
        },
      ],
    ],
    whitespace: [
      [/\s+/, 'white'],
      [/#.*$/, 'comment'],
    ],
    numbers: [
      [/0[xX][0-9a-fA-F]+/, 'number.hex'],
      [/0[oO][0-7]+/, 'number.octal'],
      [/0[bB][01]+/, 'number.binary'],
      [/(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?/, 'number'],
    ],
    // Prefixes r/b/rb/br select raw or bytes strings; triple quotes span lines.
    strings: [
      [/([rR][bB]?|[bB][rR])("""|''')/, { token: 'string', next: '@rawTriple.$2' }],
      [/([rR][bB]?|[bB][rR])("|')/, { token: 'string', next: '@rawSingle.$2' }],
      [/[bB]?("""|''')/, { token: 'string', next: '@triple.$1' }],
      [/[bB]?("|')/, { token: 'string', next: '@single.$1' }],
    ],
    single: [
      [/[^\\"']+/, 'string'],
      [/\\./, 'string.escape'],
      [
        /["']/,
        {
          cases: {
            '$#==$S2': { token: 'string', next: '@pop' },
            '@default': 'string',
          },
        },
      ],
      // An unterminated string ends at the end of the line, as in the language.
      [/$/, 'string.invalid', '@pop'],
    ],
    rawSingle: [
      [/[^\\"']+/, 'string'],
      [/\\./, 'string'],
      [
        /["']/,
        {
          cases: {
            '$#==$S2': { token: 'string', next: '@pop' },
            '@default': 'string',
          },
        },
      ],
      [/$/, 'string.invalid', '@pop'],
    ],
    triple: [
      [/[^\\"']+/, 'string'],
      [/\\./, 'string.escape'],
      [
        /"""|'''/,
        {
          cases: {
            '$#==$S2': { token: 'string', next: '@pop' },
            '@default': 'string',
          },
        },
      ],
      [/["']/, 'string'],
    ],
    rawTriple: [
      [/[^\\"']+/, 'string'],
      [/\\./, 'string'],
      [
        /"""|'''/,
        {
          cases: {
            '$#==$S2': { token: 'string', next: '@pop' },
            '@default': 'string',
          },
        },
      ],
      [/["']/, 'string'],
    ],
  },
};

/** Registers the language, its configuration and tokenizer on a Monaco instance (idempotent). */
export function registerStarlark(monaco: typeof Monaco): void {
  if (monaco.languages.getLanguages().some((l) => l.id === STARLARK_LANGUAGE_ID)) return;
  monaco.languages.register({
    id: STARLARK_LANGUAGE_ID,
    extensions: ['.star', '.bzl', '.sky', '.starlark'],
    aliases: ['Starlark', 'starlark'],
  });
  monaco.languages.setLanguageConfiguration(STARLARK_LANGUAGE_ID, {
    ...starlarkConfiguration,
    onEnterRules: [
      {
        beforeText: /^\s*(?:def|for|if|elif|else|while|lambda)\b.*:\s*(#.*)?$/,
        action: { indentAction: monaco.languages.IndentAction.Indent },
      },
    ],
  });
  monaco.languages.setMonarchTokensProvider(STARLARK_LANGUAGE_ID, starlarkMonarch);
}
