// "Create a Choreo project": the starter files written into an empty folder (issue 12 item 8). One CRD,
// one input, one reconciler (config + Starlark) and one library, small enough to read in a minute and
// green on the first `run once`. The files go through writeProjectFile, so each is path-confined and
// written atomically; an existing file is never overwritten (the whole scaffold is refused first).
import { promises as fs } from 'node:fs';
import { ProjectError } from './errors.js';
import { confinePath } from './confine.js';
import { writeProjectFile, type WriteListener } from './files.js';

/** A starter file: its project path and its text. */
export interface ScaffoldFile {
  path: string;
  content: string;
}

/** The file the explorer opens after scaffolding: the input, where a newcomer starts editing. */
export const SCAFFOLD_FIRST_FILE = 'in/example.com.websites.docs.yaml';

export const SCAFFOLD_FILES: readonly ScaffoldFile[] = [
  {
    path: 'crds/example.com_websites.yaml',
    content: `# A Website: a host name and how many replicas serve it. Add fields under spec, then use them in
# reconcilers/example.com.websites.website.star.
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: websites.example.com
spec:
  group: example.com
  names:
    kind: Website
    listKind: WebsiteList
    plural: websites
    singular: website
  scope: Namespaced
  versions:
  - name: v1alpha1
    served: true
    storage: true
    subresources:
      status: {}
    schema:
      openAPIV3Schema:
        description: Website asks for a site served under a host name.
        type: object
        properties:
          apiVersion:
            type: string
          kind:
            type: string
          metadata:
            type: object
          spec:
            type: object
            required:
            - host
            properties:
              host:
                description: The host name, e.g. docs.example.com.
                type: string
              replicas:
                description: How many copies serve the site.
                type: integer
                default: 1
          status:
            type: object
            properties:
              url:
                description: Where the site answers, derived by the reconciler.
                type: string
              conditions:
                type: array
                items:
                  type: object
                  properties:
                    type:
                      type: string
                    status:
                      type: string
                    reason:
                      type: string
                    message:
                      type: string
                    lastTransitionTime:
                      type: string
`,
  },
  {
    path: SCAFFOLD_FIRST_FILE,
    content: `# Input data: one Website. Change the host, then run once (F5) and look at its status.
apiVersion: example.com/v1alpha1
kind: Website
metadata:
  name: docs
  namespace: default
spec:
  host: docs.example.com
  replicas: 2
`,
  },
  {
    path: 'reconcilers/example.com.websites.website.yaml',
    content: `# Reconciler config: it runs for every Website; the code is the .star file with the same name.
apiVersion: choreo.kform.dev/v1alpha1
kind: Reconciler
spec:
  for:
    group: example.com
    version: v1alpha1
    kind: Website
    selector: {}
`,
  },
  {
    path: 'reconcilers/example.com.websites.website.star',
    content: `# For each Website: derive its URL (libs/example.com.urls.star) into status, and report Ready.
load("example.com.urls.star", "url_for")

def reconcile(self):
  spec = self.get("spec", {})
  host = spec.get("host", "")
  if host == "":
    return reconcile_result(self, False, 0, "Ready", "spec.host is empty: give the Website a host name", True)
  status = self.get("status", {})
  status["url"] = url_for(host)
  self["status"] = status
  return reconcile_result(self, False, 0, "Ready", "", False)
`,
  },
  {
    path: 'libs/example.com.urls.star',
    content: `# A library: plain functions that reconcilers load() by this file's name.

def url_for(host):
  """The https URL of a host name, e.g. "https://docs.example.com/"."""
  return "https://%s/" % host.strip().lower()
`,
  },
];

/**
 * Writes the scaffold into `root`. Refuses with `conflict`, before writing anything, when one of its
 * files already exists, so a user's file is never replaced. Returns the paths written.
 */
export async function writeScaffold(root: string, onWritten?: WriteListener): Promise<string[]> {
  const taken: string[] = [];
  for (const f of SCAFFOLD_FILES) {
    const target = confinePath(root, f.path);
    if (await exists(target)) taken.push(f.path);
  }
  if (taken.length) {
    throw new ProjectError(
      'conflict',
      `Cannot create the Choreo project here: ${taken.join(', ')} already exist${taken.length === 1 ? 's' : ''}. Open an empty folder, or move those files away first.`,
      taken[0],
    );
  }
  for (const f of SCAFFOLD_FILES) await writeProjectFile(root, f.path, f.content, undefined, onWritten);
  return SCAFFOLD_FILES.map((f) => f.path);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}
