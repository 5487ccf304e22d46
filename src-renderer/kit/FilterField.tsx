// A filter control with its label in front ("Kind [all ▾]", "Filter [……]"): the label stays visible at any
// width, the control keeps a usable size, and the bar wraps to a second line rather than squeezing them.
import type { ReactNode } from 'react';

export function FilterField(props: { label: string; title?: string; children: ReactNode }) {
  return (
    <label className="eng-field" title={props.title}>
      <span className="eng-field-label">{props.label}</span>
      {props.children}
    </label>
  );
}
