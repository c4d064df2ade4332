/**
 * A sentence naming another request ("Transferred to HR-3", "Merged into IT-1") with that id
 * as a link that opens its details. The sentence comes translated; the id is found in it as
 * written, so word order stays the language's. Without `onOpen`, plain text.
 */
import { Link } from "@fluentui/react-components";
import { useT } from "../../../web/i18n.ts";

export function IdLink({ id, onOpen }: { id: string; onOpen?: (id: string) => void }) {
  const t = useT();
  if (!onOpen) return <>{id}</>;
  return (
    <Link as="button" onClick={() => onOpen(id)} aria-label={t("tab.links.open", { id })} data-open-id={id}>
      {id}
    </Link>
  );
}

export function SentenceWithId({ sentence, id, onOpen }: { sentence: string; id: string; onOpen?: (id: string) => void }) {
  const at = sentence.indexOf(id);
  if (at < 0 || !onOpen) return <>{sentence}</>;
  return (
    <>
      {sentence.slice(0, at)}
      <IdLink id={id} onOpen={onOpen} />
      {sentence.slice(at + id.length)}
    </>
  );
}
