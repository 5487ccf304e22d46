import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JinjaError, JinjaTemplateSet } from './jinja-template.js';

const run = (src: string, ctx: Record<string, unknown>, extra: Record<string, string> = {}) => new JinjaTemplateSet({ 'main.jinja2': src, ...extra }).execute('main.jinja2', ctx);

const obj = { apiVersion: 'x/v1', kind: 'K', metadata: { name: 'n1', namespace: 'default' }, spec: { id: 0, name: 'eth<1>', list: ['a', 'b'], v4: { addresses: [] as string[] }, on: true } };

describe('pongo2-style templates', () => {
  it('outputs with autoescape, float printing and whitespace control', () => {
    expect(run('{{ metadata.name }} {{ spec.id }} {{ spec.name }} {{ spec.name|safe }} {{ spec.on }}', obj)).toBe('n1 0.000000 eth&lt;1&gt; eth<1> True');
    expect(run('a  {%- if true -%}  b  {%- endif %}', obj)).toBe('ab');
    expect(run('{{ spec.missing }}|{# comment #}x', obj)).toBe('|x');
  });
  it('if/elif/else, for with forloop and empty, filters', () => {
    expect(run('{% if spec.v4.addresses|length > 0 %}some{% elif spec.on %}on{% else %}off{% endif %}', obj)).toBe('on');
    expect(run('{% for x in spec.list %}{{ forloop.Counter }}{{ x|upper }}{% if not forloop.Last %},{% endif %}{% endfor %}', obj)).toBe('1A,2B');
    expect(run('{% for x in spec.v4.addresses %}x{% empty %}none{% endfor %}', obj)).toBe('none');
    expect(run('{{ spec.list|join:"-" }} {{ spec.nope|default:"d" }} {{ spec.id|integer }} {{ "x" in spec.list }}', obj)).toBe('a-b d 0 False');
    expect(run('{% set y = 2 + 3 %}{{ y }} {% with z=spec.list|length %}{{ z }}{% endwith %}', obj)).toBe('5 2');
  });
  it('macros with export, pongo2 import syntax, includes; unknown files are empty', () => {
    const files = { 'lib.jinja2': '{% macro m(s, sep="/") export %}<{{ s.name }}{{ sep }}>{% endmacro %}', 'inc.jinja2': '[{{ metadata.name }}]' };
    expect(run("{% import 'lib.jinja2' m %}{{ m(spec) }}{{ m(spec, ':') }}", obj, files)).toBe('<eth&lt;1&gt;/><eth&lt;1&gt;:>');
    expect(run("{% import 'lib.jinja2' m as other %}{{ other(spec) }}", obj, files)).toBe('<eth&lt;1&gt;/>');
    expect(run("{% include 'inc.jinja2' %}{% include 'missing.jinja2' %}", obj, files)).toBe('[n1]');
  });
  it('errors', () => {
    expect(() => run('{% if x %}', obj)).toThrow(JinjaError);
    expect(() => run('{% bogus %}', obj)).toThrow("Tag 'bogus' not found");
    expect(() => run('{{ x|nofilter }}', obj)).toThrow("filter 'nofilter' does not exist");
  });
});

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/conformance/choreo-examples/config-jinja2templ/reconcilers');
describe.skipIf(!existsSync(examples))('config-jinja2templ templates (needs ../shared)', () => {
  it('render the subinterface config of an example object', () => {
    const base = 'device.kubenet.dev.subinterfaces.config.nokiasrl';
    const set = new JinjaTemplateSet({
      'main.jinja2': readFileSync(path.join(examples, `${base}.main.jinja2`), 'utf8'),
      'subinterface.jinja2': readFileSync(path.join(examples, `${base}.subinterface.jinja2`), 'utf8'),
    });
    const out = set.execute('main.jinja2', {
      apiVersion: 'device.network.kubenet.dev/v1alpha1',
      kind: 'SubInterface',
      metadata: { name: 'n.0.0.system.0', namespace: 'default', uid: 'u1' },
      spec: { node: 'node1', name: 'system', id: 0, type: 'routed', ipv4: { addresses: ['10.0.0.1/32'] } },
    });
    expect(out).toContain('  name: n.0.0.system.0\n');
    expect(out).toContain('description: k8s-system.0.000000');
    expect(out).toContain('- ip-prefix: 10.0.0.1/32');
    expect(out).not.toContain('ipv6');
  });
});
