// monaco-yaml's worker, wrapped in our own module so Vite's `?worker` import bundles it (the
// workaround from monaco-yaml's README).
import 'monaco-yaml/yaml.worker.js';
