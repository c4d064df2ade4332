/** Placeholder: built by issue 4. */
export function Config() {
  return <p>Configure</p>;
}
