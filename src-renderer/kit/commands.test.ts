import { describe, expect, it, vi } from 'vitest';
import { commandScore, CommandError, CommandRegistry, fileScore, fuzzyScore } from './commands';

const key = (k: string, code: string, ctrl = false, shift = false) => ({
  key: k,
  code,
  ctrlKey: ctrl,
  metaKey: false,
  shiftKey: shift,
  altKey: false,
});

describe('CommandRegistry', () => {
  it('registers, lists sorted, executes and unregisters commands', async () => {
    const r = new CommandRegistry();
    const run = vi.fn();
    const off = r.register({ id: 'b.save', title: 'Save', category: 'File', run });
    r.register({ id: 'a.toggle', title: 'Toggle Panel', category: 'View', run: () => {} });
    expect(r.all().map((c) => c.id)).toEqual(['b.save', 'a.toggle']);
    expect(await r.execute('b.save')).toEqual({ ran: true });
    expect(run).toHaveBeenCalledOnce();
    off();
    expect(r.get('b.save')).toBeUndefined();
    expect(await r.execute('b.save')).toEqual({ ran: false, reason: 'Unknown command "b.save".' });
  });
  it('refuses duplicate ids', () => {
    const r = new CommandRegistry();
    r.register({ id: 'x', title: 'X', run: () => {} });
    expect(() => r.register({ id: 'x', title: 'X again', run: () => {} })).toThrow(CommandError);
  });
  it('does not run a disabled command and reports why', async () => {
    const r = new CommandRegistry();
    const run = vi.fn();
    r.register({ id: 'run.once', title: 'Run once', disabledReason: () => 'The engine is not built yet.', run });
    expect(await r.execute('run.once')).toEqual({ ran: false, reason: 'The engine is not built yet.' });
    expect(r.disabledReason('run.once')).toBe('The engine is not built yet.');
    expect(run).not.toHaveBeenCalled();
  });
  it('finds the command bound to a key event', () => {
    const r = new CommandRegistry();
    r.register({ id: 'palette', title: 'Show All Commands', shortcut: 'Mod+Shift+P', run: () => {} });
    r.register({ id: 'panel', title: 'Toggle Panel', shortcut: 'Mod+`', run: () => {} });
    expect(r.findByKey(key('P', 'KeyP', true, true), false)?.id).toBe('palette');
    expect(r.findByKey(key('`', 'Backquote', true), false)?.id).toBe('panel');
    expect(r.findByKey(key('p', 'KeyP', true), false)).toBeUndefined();
  });
  it('notifies subscribers on change', () => {
    const r = new CommandRegistry();
    const l = vi.fn();
    r.subscribe(l);
    r.register({ id: 'x', title: 'X', run: () => {} });
    expect(l).toHaveBeenCalledOnce();
    expect(r.getVersion()).toBe(1);
  });
});

describe('fuzzyScore', () => {
  it('ranks substring matches above scattered ones and rejects non-matches', () => {
    expect(fuzzyScore('save', 'File: Save')).toBeGreaterThan(fuzzyScore('fsv', 'File: Save'));
    expect(fuzzyScore('tgp', 'Toggle Panel')).toBeGreaterThan(0);
    expect(fuzzyScore('xyz', 'Toggle Panel')).toBe(-1);
    expect(fuzzyScore('', 'anything')).toBe(0);
    expect(fuzzyScore('recon star', 'reconcilers/hello.star')).toBeGreaterThan(0);
  });
});

describe('fileScore', () => {
  it('prefers name hits, falls back to the path, and rejects non-matches', () => {
    expect(fileScore('hello', 'reconcilers/hello.star')).toBeGreaterThan(fileScore('hello', 'in/hello/x.yaml'));
    expect(fileScore('recon star', 'reconcilers/hello.star')).toBeGreaterThan(0);
    expect(fileScore('recon star', 'crds/studio.example.com_greeters.yaml')).toBe(-1);
    expect(fileScore('', 'in/a.yaml')).toBe(0);
  });
});

describe('contextChanged', () => {
  it('tells subscribers to re-read disabled reasons, which then reflect the new state', () => {
    const r = new CommandRegistry();
    let open = false;
    r.register({ id: 'x', title: 'X', disabledReason: () => (open ? undefined : 'Open a project folder first.'), run: () => {} });
    const seen: (string | undefined)[] = [];
    r.subscribe(() => seen.push(r.disabledReason('x')));
    open = true;
    r.contextChanged();
    expect(seen).toEqual([undefined]);
    expect(r.getVersion()).toBe(2);
  });
});

describe('commandScore', () => {
  const reload = { title: 'Reload from Disk (discard unsaved changes)', category: 'File', aliases: ['Revert File', 'undo all changes'] };
  it('finds a command by an alias and says which one matched', () => {
    expect(commandScore('revert', reload)).toMatchObject({ alias: 'Revert File' });
    expect(commandScore('revert', reload).score).toBeGreaterThan(0);
    expect(commandScore('revert', { title: 'Save', category: 'File' }).score).toBe(-1);
  });
  it('prefers a title hit over an alias hit', () => {
    const hit = commandScore('reload', reload);
    expect(hit.alias).toBeUndefined();
    expect(commandScore('revert', reload).score).toBeLessThan(commandScore('revert', { title: 'Revert', category: 'Git' }).score);
  });
});
