// Signatures and one-paragraph docs of the Starlark universe (the builtins every file may use) and of the
// methods of str, bytes, list, dict and set, as go.starlark.net defines them. Read by the editor's language
// service (hover, completion, signature help); a test checks the tables name exactly the builtins in
// resolve/resolver.ts's UNIVERSAL_NAMES and the methods in methods.ts, so they cannot drift apart.
//
// A signature is written as Starlark would print it: `name(a, b=None, *args, **kwargs)`; parameter types,
// where they matter to a caller, follow a colon (`key: string`). `parseParams` turns that text into
// parameters once, so each signature is written in one place only.

/** One parameter of a builtin or method. */
export interface SignatureParam {
  name: string;
  /** The type a caller must pass, when the signature names one (`string`, `dict`, `bool`, `int`, `any`). */
  type?: string;
  /** The default as written (`None`, `""`), when the parameter is optional. */
  default?: string;
  /** `*args` or `**kwargs`. */
  star?: '*' | '**';
}

/** A callable's signature and its documentation (Markdown). */
export interface Signature {
  /** The name a caller writes: `len`, `client_get`, `get` (a method: see `receiver`). */
  name: string;
  /** For methods: the type they belong to (`str`, `list`, `dict`, `set`, `bytes`). */
  receiver?: string;
  params: SignatureParam[];
  /** What a call returns, in words a reader understands (`int`, `rsp dict`, `None`). */
  returns: string;
  doc: string;
}

/**
 * Parses `a, b=None, *args, **kwargs` or `name: string, obj: dict` into parameters. Defaults are kept as
 * written; commas inside brackets or quotes do not split.
 */
export function parseParams(text: string): SignatureParam[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  return parts.map((raw) => {
    let p = raw.trim();
    const param: SignatureParam = { name: '' };
    if (p.startsWith('**')) {
      param.star = '**';
      p = p.slice(2);
    } else if (p.startsWith('*')) {
      param.star = '*';
      p = p.slice(1);
    }
    const eq = p.indexOf('=');
    if (eq >= 0) {
      param.default = p.slice(eq + 1).trim();
      p = p.slice(0, eq).trim();
    }
    const colon = p.indexOf(':');
    if (colon >= 0) {
      param.type = p.slice(colon + 1).trim();
      p = p.slice(0, colon).trim();
    }
    param.name = p;
    return param;
  });
}

/** `name(a, b=None)` as a label (signature help, hover). */
export function signatureLabel(sig: Signature): string {
  return `${sig.receiver ? `${sig.receiver}.` : ''}${sig.name}(${sig.params.map(paramLabel).join(', ')})`;
}

export function paramLabel(p: SignatureParam): string {
  return `${p.star ?? ''}${p.name}${p.type ? `: ${p.type}` : ''}${p.default !== undefined ? ` = ${p.default}` : ''}`;
}

function sig(name: string, params: string, returns: string, doc: string, receiver?: string): Signature {
  return { name, ...(receiver ? { receiver } : {}), params: parseParams(params), returns, doc };
}

/** A constant of the universe (None, True, False): no signature, a doc. */
export interface UniverseConstant {
  name: string;
  type: string;
  doc: string;
}

export const UNIVERSE_CONSTANTS: Record<string, UniverseConstant> = {
  None: { name: 'None', type: 'NoneType', doc: 'The value that means "no value". Functions without a `return` return `None`.' },
  True: { name: 'True', type: 'bool', doc: 'The true boolean value.' },
  False: { name: 'False', type: 'bool', doc: 'The false boolean value.' },
};

const U = (name: string, params: string, returns: string, doc: string) => [name, sig(name, params, returns, doc)] as const;

/** The builtin functions of the universe, by name. */
export const UNIVERSE_SIGNATURES: Record<string, Signature> = Object.fromEntries([
  U('abs', 'x', 'int | float', 'Returns the absolute value of a number.'),
  U('any', 'x', 'bool', 'Returns `True` if any element of the iterable `x` is true.'),
  U('all', 'x', 'bool', 'Returns `True` if every element of the iterable `x` is true (or `x` is empty).'),
  U('bool', 'x=False', 'bool', 'Interprets `x` as a truth value: `None`, `False`, `0`, `0.0`, empty strings and empty collections are false.'),
  U('bytes', 'x', 'bytes', 'Converts a string (its UTF-8 encoding), an iterable of ints in 0..255, or bytes to a bytes value.'),
  U('chr', 'i', 'string', 'Returns the string holding the single Unicode code point `i`.'),
  U('dict', 'pairs=None, **kwargs', 'dict', 'Builds a dict from an iterable of key/value pairs or a mapping, then the keyword arguments.'),
  U('dir', 'x', 'list', 'Returns the sorted list of the names of the attributes (methods) of `x`.'),
  U('enumerate', 'x, start=0', 'list', 'Returns a list of `(index, value)` pairs for the elements of the iterable `x`, counting from `start`.'),
  U('fail', '*args, sep=" "', 'never returns', 'Stops the program with an error made of the arguments (converted as `str` does, joined by `sep`).'),
  U('float', 'x', 'float', 'Converts a number or a numeric string to a float.'),
  U('getattr', 'x, name, default=None', 'any', 'Returns the attribute (method) `name` of `x`, or `default` when it has none (an error without a default).'),
  U('hasattr', 'x, name', 'bool', 'Reports whether `x` has an attribute (method) called `name`.'),
  U('hash', 'x', 'int', 'Returns the hash of a string or bytes value (the same on every platform).'),
  U('int', 'x, base=10', 'int', 'Converts a number (truncating a float) or a string in the given base to an int.'),
  U('len', 'x', 'int', 'Returns the number of elements of a string (bytes), list, tuple, dict, set or range.'),
  U('list', 'x=[]', 'list', 'Returns a new list with the elements of the iterable `x`.'),
  U('max', '*args, key=None', 'any', 'Returns the largest of the arguments, or of the single iterable argument; `key` maps each element to the value compared.'),
  U('min', '*args, key=None', 'any', 'Returns the smallest of the arguments, or of the single iterable argument; `key` maps each element to the value compared.'),
  U('ord', 's', 'int', 'Returns the Unicode code point of a one-character string (or the value of a one-byte bytes).'),
  U('print', '*args, sep=" "', 'None', 'Prints the arguments (converted as `str` does, joined by `sep`) to the run log.'),
  U('range', 'start_or_stop, stop=None, step=1', 'range', 'Returns the integers from `start` (default 0) up to but not including `stop`, by `step`.'),
  U('repr', 'x', 'string', 'Returns the string representation of `x` as Starlark source (strings quoted).'),
  U('reversed', 'x', 'list', 'Returns a new list with the elements of the iterable `x` in reverse order.'),
  U('set', 'x=[]', 'set', 'Returns a new set with the elements of the iterable `x` (needs the set dialect option).'),
  U('sorted', 'x, key=None, reverse=False', 'list', 'Returns a new sorted list of the elements of the iterable `x` (a stable sort); `key` maps each element to the value compared.'),
  U('str', 'x', 'string', 'Converts `x` to a string: a string stays as it is, other values as `repr` prints them.'),
  U('tuple', 'x=()', 'tuple', 'Returns a tuple with the elements of the iterable `x`.'),
  U('type', 'x', 'string', 'Returns the name of the type of `x`: `"string"`, `"int"`, `"dict"`, `"list"`, `"NoneType"`, ...'),
  U('zip', '*args', 'list', 'Returns a list of tuples: the i-th tuple holds the i-th element of every argument; as long as the shortest.'),
]);

const M = (receiver: string) => (name: string, params: string, returns: string, doc: string) => [name, sig(name, params, returns, doc, receiver)] as const;
const S = M('string');
const L = M('list');
const D = M('dict');
const T = M('set');
const B = M('bytes');

/** The methods of each built-in type, by type then name. Strings are `string` as `type()` names them. */
export const METHOD_SIGNATURES: Record<'string' | 'bytes' | 'list' | 'dict' | 'set', Record<string, Signature>> = {
  string: Object.fromEntries([
    S('capitalize', '', 'string', 'Returns a copy with its first character upper case and the rest lower case.'),
    S('codepoint_ords', '', 'iterable of int', 'Returns an iterable of the Unicode code points of the string, as ints.'),
    S('codepoints', '', 'iterable of string', 'Returns an iterable of the one-code-point substrings of the string.'),
    S('count', 'sub, start=None, end=None', 'int', 'Returns the number of non-overlapping occurrences of `sub` in `s[start:end]`.'),
    S('elem_ords', '', 'iterable of int', 'Returns an iterable of the bytes of the string, as ints.'),
    S('elems', '', 'iterable of string', 'Returns an iterable of the one-byte substrings of the string.'),
    S('endswith', 'suffix, start=None, end=None', 'bool', 'Reports whether `s[start:end]` ends with `suffix` (or with one of a tuple of suffixes).'),
    S('find', 'sub, start=None, end=None', 'int', 'Returns the index of the first occurrence of `sub` in `s[start:end]`, or -1.'),
    S('format', '*args, **kwargs', 'string', 'Replaces the `{}`, `{0}` and `{name}` fields of the string with the arguments.'),
    S('index', 'sub, start=None, end=None', 'int', 'Like `find`, but fails when `sub` does not occur.'),
    S('isalnum', '', 'bool', 'Reports whether the string is non-empty and all its characters are letters or digits.'),
    S('isalpha', '', 'bool', 'Reports whether the string is non-empty and all its characters are letters.'),
    S('isdigit', '', 'bool', 'Reports whether the string is non-empty and all its characters are digits.'),
    S('islower', '', 'bool', 'Reports whether the string has a cased character and all cased characters are lower case.'),
    S('isspace', '', 'bool', 'Reports whether the string is non-empty and all its characters are white space.'),
    S('istitle', '', 'bool', 'Reports whether the string is in title case: upper case only at the start of each word.'),
    S('isupper', '', 'bool', 'Reports whether the string has a cased character and all cased characters are upper case.'),
    S('join', 'iterable', 'string', 'Returns the strings of `iterable` joined with this string between them: `",".join(["a", "b"])` is `"a,b"`.'),
    S('lower', '', 'string', 'Returns a copy with every letter lower case.'),
    S('lstrip', 'cutset=None', 'string', 'Returns a copy without leading white space (or leading characters of `cutset`).'),
    S('partition', 'sep', 'tuple', 'Splits at the first `sep`: `(before, sep, after)`, or `(s, "", "")` when `sep` does not occur.'),
    S('removeprefix', 'prefix', 'string', 'Returns the string without `prefix` when it starts with it, else the string itself.'),
    S('removesuffix', 'suffix', 'string', 'Returns the string without `suffix` when it ends with it, else the string itself.'),
    S('replace', 'old, new, count=-1', 'string', 'Returns a copy with occurrences of `old` replaced by `new` (at most `count` of them when given).'),
    S('rfind', 'sub, start=None, end=None', 'int', 'Returns the index of the last occurrence of `sub` in `s[start:end]`, or -1.'),
    S('rindex', 'sub, start=None, end=None', 'int', 'Like `rfind`, but fails when `sub` does not occur.'),
    S('rpartition', 'sep', 'tuple', 'Splits at the last `sep`: `(before, sep, after)`, or `("", "", s)` when `sep` does not occur.'),
    S('rsplit', 'sep=None, maxsplit=-1', 'list', 'Splits at `sep` (white space when None) from the right, at most `maxsplit` times.'),
    S('rstrip', 'cutset=None', 'string', 'Returns a copy without trailing white space (or trailing characters of `cutset`).'),
    S('split', 'sep=None, maxsplit=-1', 'list', 'Returns the list of the parts between `sep` (runs of white space when None), at most `maxsplit` splits.'),
    S('splitlines', 'keepends=False', 'list', 'Returns the lines of the string, with their line endings when `keepends` is true.'),
    S('startswith', 'prefix, start=None, end=None', 'bool', 'Reports whether `s[start:end]` starts with `prefix` (or with one of a tuple of prefixes).'),
    S('strip', 'cutset=None', 'string', 'Returns a copy without leading and trailing white space (or characters of `cutset`).'),
    S('title', '', 'string', 'Returns a copy in title case: each word starts upper case, the rest is lower case.'),
    S('upper', '', 'string', 'Returns a copy with every letter upper case.'),
  ]),
  bytes: Object.fromEntries([B('elems', '', 'iterable of int', 'Returns an iterable of the bytes, as ints.')]),
  list: Object.fromEntries([
    L('append', 'x', 'None', 'Adds `x` at the end of the list.'),
    L('clear', '', 'None', 'Removes every element of the list.'),
    L('extend', 'iterable', 'None', 'Adds the elements of `iterable` at the end of the list.'),
    L('index', 'x, start=None, end=None', 'int', 'Returns the index of the first element equal to `x` (in `l[start:end]`); fails when there is none.'),
    L('insert', 'i, x', 'None', 'Inserts `x` before index `i`.'),
    L('pop', 'i=-1', 'any', 'Removes and returns the element at index `i` (the last one by default).'),
    L('remove', 'x', 'None', 'Removes the first element equal to `x`; fails when there is none.'),
  ]),
  dict: Object.fromEntries([
    D('clear', '', 'None', 'Removes every entry of the dict.'),
    D('get', 'key, default=None', 'any', 'Returns the value for `key`, or `default` when the dict has no such key.'),
    D('items', '', 'list', 'Returns the list of `(key, value)` pairs, in insertion order.'),
    D('keys', '', 'list', 'Returns the list of keys, in insertion order.'),
    D('pop', 'key, default=None', 'any', 'Removes `key` and returns its value, or `default` when it is absent (an error without a default).'),
    D('popitem', '', 'tuple', 'Removes and returns the first `(key, value)` pair.'),
    D('setdefault', 'key, default=None', 'any', 'Returns the value for `key`; when absent, first stores `default` under it.'),
    D('update', 'pairs=None, **kwargs', 'None', 'Stores the entries of a mapping or of an iterable of pairs, then the keyword arguments.'),
    D('values', '', 'list', 'Returns the list of values, in insertion order.'),
  ]),
  set: Object.fromEntries([
    T('add', 'x', 'None', 'Adds `x` to the set.'),
    T('clear', '', 'None', 'Removes every element of the set.'),
    T('difference', '*others', 'set', 'Returns a new set with the elements not in any of `others`.'),
    T('discard', 'x', 'None', 'Removes `x` if present.'),
    T('intersection', '*others', 'set', 'Returns a new set with the elements also in every one of `others`.'),
    T('issubset', 'other', 'bool', 'Reports whether every element is in `other`.'),
    T('issuperset', 'other', 'bool', 'Reports whether every element of `other` is in the set.'),
    T('pop', '', 'any', 'Removes and returns the first element.'),
    T('remove', 'x', 'None', 'Removes `x`; fails when it is absent.'),
    T('symmetric_difference', 'other', 'set', 'Returns a new set with the elements in exactly one of the set and `other`.'),
    T('union', '*others', 'set', 'Returns a new set with the elements of the set and of all `others`.'),
  ]),
};
