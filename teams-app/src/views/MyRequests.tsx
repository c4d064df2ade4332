/** Placeholder: built by issue 4. */
export function MyRequests() {
  return <p>My requests</p>;
}
