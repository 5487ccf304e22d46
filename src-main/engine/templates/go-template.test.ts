import { describe, expect, it } from 'vitest';
import { sprintf } from './go-fmt.js';
import { GoTemplateSet, TemplateError } from './go-template.js';

const run = (src: string, data: unknown, extra: Record<string, string> = {}) => new GoTemplateSet({ 'main.tpl': src, ...extra }).execute('main.tpl', data);

describe('Go text/template', () => {
  const obj = { apiVersion: 'x/v1', kind: 'K', metadata: { name: 'n1', namespace: 'default' }, spec: { id: 0, list: ['a', 'b'], ipv4: { addresses: [] }, m: { b: 2, a: 1 } } };
  it('fields, missing keys, trimming and comments', () => {
    expect(run('name: {{ .metadata.name }}\nns: {{.metadata.namespace}} {{/* c */}}x', obj)).toBe('name: n1\nns: default x');
    expect(run('{{ .spec.nothing }}', obj)).toBe('<no value>');
    expect(run('a  {{- .kind -}}  b', obj)).toBe('aKb');
    expect(() => run('{{ .spec.nothing.deeper }}', obj)).toThrow('nil pointer evaluating interface {}.deeper');
  });
  it('if/else if/else, range with variables and else, with', () => {
    expect(run('{{ if eq .kind "X" }}x{{ else if eq .kind "K" }}k{{ else }}?{{ end }}', obj)).toBe('k');
    expect(run('{{ range $i, $v := .spec.list }}{{ $i }}={{ $v }};{{ end }}', obj)).toBe('0=a;1=b;');
    expect(run('{{ range .spec.ipv4.addresses }}x{{ else }}none{{ end }}', obj)).toBe('none');
    expect(run('{{ range $k, $v := .spec.m }}{{ $k }}{{ $v }} {{ end }}', obj)).toBe('a1 b2 ');
    expect(run('{{ with .metadata }}{{ .name }}{{ end }}', obj)).toBe('n1');
    expect(run('{{ if ne 0 (len .spec.ipv4.addresses) }}some{{ else }}empty{{ end }}', obj)).toBe('empty');
    expect(run('{{ range .spec.list }}{{ if eq . "a" }}{{ continue }}{{ end }}{{ . }}{{ end }}', obj)).toBe('b');
  });
  it('define/template across files, printf with Go verbs and error forms', () => {
    const files = { 'if.tpl': '{{ define "iface" }}name={{ .name }}{{ end }}' };
    expect(run('{{ template "iface" .metadata }}', obj, files)).toBe('name=n1');
    expect(run('{{ printf "%s.%d" .metadata.name .spec.id }}', obj)).toBe('n1.%!d(float64=0)');
    expect(run('{{ printf "%v %d %05.1f %q" .spec.id 3 1.5 "x" }}', obj)).toBe('0 3 001.5 "x"');
    expect(sprintf('%s %d', ['a'])).toBe('a %!d(MISSING)');
    expect(run('{{ .spec.list }} {{ .spec.m }} {{ index .spec.list 1 }} {{ len .spec.list }}', obj)).toBe('[a b] map[a:1 b:2] b 2');
    expect(run('{{ $x := .kind }}{{ $x }}{{ $x = "y" }}{{ $x }}', obj)).toBe('Ky');
    expect(run('{{ .kind | printf "<%s>" }}', obj)).toBe('<K>');
    expect(run('{{ and 1 0 }} {{ or 0 "" "z" }} {{ not true }}', obj)).toBe('0 z false');
  });
  it('syntax errors', () => {
    expect(() => run('{{ if .kind }}x', obj)).toThrow(TemplateError);
    expect(() => run('{{ nosuchfn 1 }}', obj)).toThrow('function "nosuchfn" not defined');
    expect(() => run('{{ .kind ', obj)).toThrow('unclosed action');
  });
});
