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

/** A choice of a FilterSelect: a value shown as itself, or a value with the text to show. */
export type FilterOption = string | { value: string; label: string };

/**
 * A FilterField holding a select whose first option, the value '', means "no filter" (its text is `none`,
 * "all" unless told).
 */
export function FilterSelect(props: { label: string; value: string; onChange(value: string): void; options: readonly FilterOption[]; none?: string; testId?: string }) {
  return (
    <FilterField label={props.label}>
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
        <option value="">{props.none ?? 'all'}</option>
        {props.options.map((o) =>
          typeof o === 'string' ? (
            <option key={o}>{o}</option>
          ) : (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ),
        )}
      </select>
    </FilterField>
  );
}
