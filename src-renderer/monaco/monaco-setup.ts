// Monaco, bundled locally (no CDN), with its workers, YAML support through monaco-yaml, Starlark
// highlighting and the app's themes. Import this module once; everything else uses `monaco` from here.
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker?worker';
import { configureMonacoYaml, type MonacoYaml, type SchemasSettings } from 'monaco-yaml';
import YamlWorker from './yaml.worker?worker';
import { registerStarlark } from './starlark-language';
import { monacoThemeData, type ThemeName } from '../theme/theme-tokens';

declare global {
  interface Window {
    /** The Monaco instance, exposed for end-to-end tests (read markers, set model text). */
    __monaco?: typeof monaco;
  }
}

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    if (label === 'yaml') return new YamlWorker();
    if (label === 'json') return new JsonWorker();
    return new EditorWorker();
  },
};

registerStarlark(monaco);

monaco.editor.defineTheme('choreo-dark', monacoThemeData('dark'));
monaco.editor.defineTheme('choreo-light', monacoThemeData('light'));

// Schemas stay empty here: a later issue feeds the project's CRD schemas through setYamlSchemas.
const monacoYaml: MonacoYaml = configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  validate: true,
  completion: true,
  hover: true,
  format: { enable: true },
  schemas: [],
});

/** Replaces the JSON schemas monaco-yaml validates YAML files against. */
export function setYamlSchemas(schemas: SchemasSettings[]): Promise<void> {
  return monacoYaml.update({ schemas });
}

export function monacoThemeName(theme: ThemeName): string {
  return theme === 'dark' ? 'choreo-dark' : 'choreo-light';
}

window.__monaco = monaco;

export { monaco };
