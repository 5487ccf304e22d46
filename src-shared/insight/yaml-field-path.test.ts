import { describe, expect, it } from 'vitest';
import { fieldPathAt } from './yaml-field-path.js';

const YAML = `apiVersion: example.com/v1alpha1
kind: Message
metadata:
  name: world
  labels:
    app.kubernetes.io/name: hello
  ownerReferences:
    - apiVersion: example.com/v1alpha1
      kind: Greeter
spec:
  text: hello world
  items:
    - a
    - b

  empty: {}
`;

describe('fieldPathAt', () => {
  it('names the field of a key or a value, anywhere on its line', () => {
    expect(fieldPathAt(YAML, 1, 1)).toBe('.apiVersion');
    expect(fieldPathAt(YAML, 1, 20)).toBe('.apiVersion');
    // the end of a line (where a click past the text puts the cursor)
    expect(fieldPathAt(YAML, 11, 20)).toBe('.spec.text');
    expect(fieldPathAt(YAML, 11, 99)).toBe('.spec.text');
    // on the colon
    expect(fieldPathAt(YAML, 11, 7)).toBe('.spec.text');
    expect(fieldPathAt(YAML, 10, 5)).toBe('.spec');
    expect(fieldPathAt(YAML, 4, 1)).toBe('.metadata.name');
    expect(fieldPathAt(YAML, 11, 12)).toBe('.spec.text');
    expect(fieldPathAt(YAML, 6, 30)).toBe('.metadata.labels["app.kubernetes.io/name"]');
  });

  it('names a map by its key line, list items by index', () => {
    expect(fieldPathAt(YAML, 10, 2)).toBe('.spec');
    expect(fieldPathAt(YAML, 5, 3)).toBe('.metadata.labels');
    expect(fieldPathAt(YAML, 14, 7)).toBe('.spec.items[1]');
    expect(fieldPathAt(YAML, 8, 7)).toBe('.metadata.ownerReferences[0].apiVersion');
    expect(fieldPathAt(YAML, 9, 7)).toBe('.metadata.ownerReferences[0].kind');
    expect(fieldPathAt(YAML, 16, 3)).toBe('.spec.empty');
  });

  it('answers nothing off the fields or for text that is not YAML', () => {
    expect(fieldPathAt(YAML, 15, 1)).toBeUndefined();
    expect(fieldPathAt(YAML, 99, 1)).toBeUndefined();
    expect(fieldPathAt('a: [', 1, 1)).toBeUndefined();
    expect(fieldPathAt('', 1, 1)).toBeUndefined();
  });
});
