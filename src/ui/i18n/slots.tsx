import { Fragment, type ComponentChildren } from 'preact';

/**
 * A catalog sentence with marked-up parts: "Saved as {name} in {folder}" with `name` and `folder`
 * given as elements, so each language puts them where its grammar wants them.
 */
export function Slots({ text, values }: { text: string; values: Readonly<Record<string, ComponentChildren>> }) {
  // split with a capturing group: even indices are plain text, odd ones slot names.
  const parts = text.split(/\{(\w+)\}/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>{i % 2 === 0 ? part : (values[part] ?? `{${part}}`)}</Fragment>
      ))}
    </>
  );
}
