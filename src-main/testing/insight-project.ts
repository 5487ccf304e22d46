// The test project of issue 13 (field provenance, plan, semantic diff): two reconcilers writing the same
// kind. `ex.writer` (for Greeter) creates a Message per Greeter through a helper function, from a dict
// literal; `ex.tone` (for Message) adds fields to it with reconcile_result. `insightEdits` is a second
// version of the project: the greeter's name changes (an update) and `spec.lang` moves from ex.writer to
// ex.tone (a handover between managers).
import { crdYaml, reconcilerConfigYaml } from './crd-yaml.js';

/** ex.writer's code; the line numbers are asserted by the tests (see WRITER_LINES). */
const writer = (withLang: boolean) => `def message(self, text):
  return {
    "apiVersion": "example.com/v1alpha1",
    "kind": "Message",
    "metadata": {"name": self["metadata"]["name"], "namespace": self["metadata"]["namespace"]},
    "spec": {
      "text": text,${withLang ? '\n      "lang": "en",' : ''}
    },
  }

def emit(obj):
  return client_create(obj)

def reconcile(self):
  emit(message(self, "hello " + self["spec"]["name"]))
  client_apply()
  return reconcile_result(self, False, 0, "Ready", "", False)
`;

/** Where things are in ex.writer's code (first version; the second has one line less from line 8 on). */
export const WRITER_LINES = { text: 7, lang: 8, createCall: 13, emitCall: 16, applyCall: 17 };

const tone = (setLang: boolean) => `def reconcile(self):
  self["spec"]["tone"] = "warm"${setLang ? '\n  self["spec"]["lang"] = "en-GB"' : ''}
  return reconcile_result(self, False, 0, "Ready", "", False)
`;

const greeter = (name: string) => `apiVersion: example.com/v1alpha1
kind: Greeter
metadata:
  name: world
  namespace: default
spec:
  name: ${name}
`;

export const insightFiles: Record<string, string> = {
  'crds/example.com_greeters.yaml': crdYaml('example.com', 'Greeter', 'greeters', ['v1alpha1'], '{name: {type: string}}'),
  'crds/example.com_messages.yaml': crdYaml('example.com', 'Message', 'messages', ['v1alpha1'], '{text: {type: string}, lang: {type: string}, tone: {type: string}}'),
  'in/example.com.greeters.world.yaml': greeter('world'),
  'reconcilers/ex.writer.yaml': reconcilerConfigYaml('Greeter', '  owns:\n  - {group: example.com, version: v1alpha1, kind: Message}\n'),
  'reconcilers/ex.writer.star': writer(true),
  'reconcilers/ex.tone.yaml': reconcilerConfigYaml('Message'),
  'reconcilers/ex.tone.star': tone(false),
};

/** The second version: an update (the greeter's name) and a handover (spec.lang: ex.writer → ex.tone). */
export const insightEdits: Record<string, string> = {
  'in/example.com.greeters.world.yaml': greeter('choreo'),
  'reconcilers/ex.writer.star': writer(false),
  'reconcilers/ex.tone.star': tone(true),
};
