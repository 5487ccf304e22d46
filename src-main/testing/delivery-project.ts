// Test fixture: the bundled hello-world example turned into a git repository whose reconciler reads
// `config("prefix", "")`, `config("mode", "ok")` and `secret("api-token")`; mode "broken" makes every
// Greeter's Ready condition False (an unhealthy deployment). Used by the delivery tests and the e2e spec.
import { cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { commitNewRepo, runGit } from './git-fixture.js';

export const RECONCILER = `load("studio.example.com.greetings.star", "greeting_text", "message_for")

conditionType = "Ready"

def reconcile(self):
  spec = self.get("spec", {})
  language = spec.get("language", "en")
  token = secret("api-token")
  if config("mode", "ok") == "broken":
    return reconcile_result(self, False, 0, conditionType, "mode is broken in this environment", False)
  text = config("prefix", "") + greeting_text(language, spec.get("name", "world"))
  msg = message_for(self, text, language)
  msg["spec"]["token"] = token
  rsp = client_create(msg)
  if rsp["error"] != None:
    return reconcile_result(self, True, 0, conditionType, rsp["error"], rsp["fatal"])
  rsp = client_apply()
  if rsp["error"] != None:
    return reconcile_result(self, True, 0, conditionType, rsp["error"], rsp["fatal"])
  return reconcile_result(self, False, 0, conditionType, "", False)
`;

const EXAMPLE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../examples/hello-world');

/** Copies the example into `dir`, adds a `token` field to Message, swaps in the reconciler above, commits. */
export async function makeDeliveryProject(dir: string): Promise<{ dir: string; commit: string }> {
  mkdirSync(dir, { recursive: true });
  cpSync(EXAMPLE, dir, { recursive: true });
  writeFileSync(path.join(dir, 'reconcilers', 'studio.example.com.greeters.greeter.star'), RECONCILER);
  const crd = path.join(dir, 'crds', 'studio.example.com_messages.yaml');
  const { readFileSync } = await import('node:fs');
  writeFileSync(crd, readFileSync(crd, 'utf8').replace('              language:\n', '              token:\n                type: string\n              language:\n'));
  return { dir, commit: await commitNewRepo(dir, { '.gitignore': '.choreo/\n' }, 'initial') };
}

/** Writes a file and commits it; returns the new commit. */
export async function commitFile(dir: string, rel: string, content: string, message = `change ${rel}`): Promise<string> {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  await runGit(['add', '-A'], dir);
  await runGit(['commit', '-q', '-m', message], dir);
  return runGit(['rev-parse', 'HEAD'], dir);
}

/**
 * Every file below `dirs` (a missing folder has none). The tests read them all to prove that no file the
 * app writes (.choreo/, the app data folder) holds a secret in clear.
 */
export function allFilesUnder(...dirs: string[]): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) out.push(...allFilesUnder(p));
      else out.push(p);
    }
  }
  return out;
}
