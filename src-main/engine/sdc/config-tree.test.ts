import { describe, expect, it } from 'vitest';
import { inferListKeys, mergeConfig, normalizeConfig, type ConfigValue } from './config-tree.js';

const running: ConfigValue = {
  'srl_nokia-interfaces:interface': [
    { name: 'ethernet-1/2', 'admin-state': 'enable', subinterface: [{ index: 0, 'admin-state': 'enable' }] },
    { name: 'ethernet-1/10', 'admin-state': 'disable' },
    { name: 'ethernet-1/1', 'admin-state': 'enable', description: 'uplink' },
  ],
  system: { 'ntp-servers': ['10.0.0.1', '10.0.0.2'], name: { 'host-name': 'node1' } },
};

describe('a config tree without YANG', () => {
  it('infers list keys from the data: a scalar every entry has, unique per list, most often first', () => {
    const snippet: ConfigValue = { interface: [{ 'admin-state': 'enable', name: 'ethernet-1/3' }] };
    const keys = inferListKeys([running, snippet]);
    expect(keys.get('/interface')).toBe('name');
    expect(keys.get('/interface/subinterface')).toBe('index');
    // a list whose entries share no unique scalar is one value
    expect(inferListKeys([{ l: [{ a: 1 }, { a: 1 }] }]).get('/l')).toBeNull();
  });

  it('normalizes as the data-server renders a tree: no module prefixes, entries sorted by key text', () => {
    const keys = inferListKeys([running]);
    const tree = normalizeConfig(running, keys) as any;
    expect(Object.keys(tree)).toEqual(['interface', 'system']);
    // Go's cmp.Compare of the key text: "ethernet-1/1" < "ethernet-1/10" < "ethernet-1/2"
    expect(tree.interface.map((i: any) => i.name)).toEqual(['ethernet-1/1', 'ethernet-1/10', 'ethernet-1/2']);
    expect(tree.system['ntp-servers']).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('merges an intent over the running config: leaves and leaf-lists replace, keyed entries merge, new entries join', () => {
    const snippet: ConfigValue = {
      interface: [
        { name: 'ethernet-1/2', description: 'to node2', subinterface: [{ index: 1, 'admin-state': 'enable' }] },
        { name: 'ethernet-1/3', 'admin-state': 'enable' },
      ],
      system: { 'ntp-servers': ['10.0.0.9'] },
    };
    const keys = inferListKeys([running, snippet]);
    const merged = mergeConfig(normalizeConfig(running, keys), normalizeConfig(snippet, keys), keys) as any;
    expect(merged.interface.map((i: any) => i.name)).toEqual(['ethernet-1/1', 'ethernet-1/10', 'ethernet-1/2', 'ethernet-1/3']);
    expect(merged.interface[2]).toEqual({
      name: 'ethernet-1/2',
      'admin-state': 'enable',
      description: 'to node2',
      subinterface: [
        { index: 0, 'admin-state': 'enable' },
        { index: 1, 'admin-state': 'enable' },
      ],
    });
    expect(merged.system).toEqual({ 'ntp-servers': ['10.0.0.9'], name: { 'host-name': 'node1' } });
  });
});
