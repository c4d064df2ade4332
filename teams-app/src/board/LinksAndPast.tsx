/**
 * Links and the requester's past in a request's details (issue 16): the requests linked to this
 * one (both sides show them), a "Link…" form (another request's id; related, or merge this one
 * as a duplicate of it), and the requester's other requests, newest first, with outcome and
 * rating (the department's only for agents, every department for admins). Text only, never markup.
 */
import { Body1, Button, Caption1, Field, Input, MessageBar, MessageBarBody, Select, Subtitle2, Textarea, makeStyles } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import type { RequestView } from "../../../shared/domain.ts";
import type { StringKey } from "../../../shared/strings/index.ts";
import type { Api } from "../../../web/api.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { formatTime, readerZone } from "../../../web/format.ts";
import { linkRequest } from "./link-action.ts";
import { IdLink } from "../components/IdLink.tsx";

type PastItem = { id: string; department: string; title: string; status: string; createdAt: string; resolvedAt?: string; rating?: number };
type Past = { requester: { name: string }; scope: "department" | "all"; items: PastItem[]; nextCursor?: string };

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: "8px", marginTop: "20px" },
  list: { listStyle: "none", padding: 0, margin: 0, display: "flex", flexDirection: "column", gap: "6px" },
  item: { display: "flex", flexWrap: "wrap", gap: "4px 8px", alignItems: "baseline", overflowWrap: "anywhere" },
  form: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "flex-end" },
});

export function LinksAndPast({ api, request, staff, onOpen, onChanged }: { api: Api; request: RequestView; staff: boolean; onOpen?: (id: string) => void; onChanged?: (r: RequestView) => void }) {
  const t = useT();
  const s = useStyles();
  const open = (id: string) => <IdLink id={id} onOpen={onOpen} />;
  return (
    <>
      <section className={s.section} aria-labelledby="details-links" data-testid="details-links">
        <Subtitle2 as="h3" id="details-links" style={{ margin: 0 }}>{t("tab.links.title")}</Subtitle2>
        {(request.links ?? []).length > 0 && (
          <ul className={s.list}>
            {request.links!.map((l) => (
              <li key={l.id} className={s.item}>
                <Caption1>{t(`tab.links.${l.relation}` as StringKey)}</Caption1>
                {open(l.id)}
              </li>
            ))}
          </ul>
        )}
        {(request.followers ?? []).length > 0 && <Caption1>{t("tab.links.followers", { names: request.followers!.map((f) => f.name).join(", ") })}</Caption1>}
        {staff && <LinkForm api={api} request={request} onChanged={onChanged} />}
      </section>
      {staff && <RequesterPast api={api} request={request} open={open} />}
    </>
  );
}

function LinkForm({ api, request, onChanged }: { api: Api; request: RequestView; onChanged?: (r: RequestView) => void }) {
  const t = useT();
  const s = useStyles();
  const [to, setTo] = useState("");
  const [relation, setRelation] = useState<"related" | "duplicate">("related");
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await linkRequest(api, request.id, to.trim(), relation, text.trim() || undefined);
      setTo("");
      setText("");
      onChanged?.(r);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className={s.form} data-testid="link-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <Field label={t("tab.links.to")} validationMessage={error} validationState={error ? "error" : "none"}>
        <Input value={to} placeholder={t("tab.links.toHint")} onChange={(_, d) => setTo(d.value)} name="to" />
      </Field>
      <Field label={t("tab.links.relation")}>
        <Select value={relation} onChange={(_, d) => setRelation(d.value as "related" | "duplicate")} name="relation">
          <option value="related">{t("tab.links.relation.related")}</option>
          <option value="duplicate">{t("tab.links.relation.duplicate")}</option>
        </Select>
      </Field>
      {relation === "duplicate" && (
        <Field label={t("tab.links.note")} style={{ flexBasis: "100%" }}>
          <Textarea value={text} onChange={(_, d) => setText(d.value)} name="text" />
        </Field>
      )}
      <Button type="submit" appearance="secondary" disabled={busy || !to.trim()}>{t("tab.links.submit")}</Button>
    </form>
  );
}

function RequesterPast({ api, request, open }: { api: Api; request: RequestView; open: (id: string) => React.ReactNode }) {
  const t = useT();
  const locale = useLocale();
  const s = useStyles();
  const [past, setPast] = useState<Past>();
  const [error, setError] = useState<string>();
  const path = `/api/requests/${encodeURIComponent(request.id)}/requester-history`;
  useEffect(() => {
    let cancelled = false;
    api.call<Past>("GET", path).then((p) => !cancelled && setPast(p), (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      cancelled = true;
    };
  }, [api, path]);
  const more = async () => {
    if (!past?.nextCursor) return;
    const next = await api.call<Past>("GET", `${path}?cursor=${encodeURIComponent(past.nextCursor)}`);
    setPast({ ...next, items: [...past.items, ...next.items] });
  };
  return (
    <section className={s.section} aria-labelledby="details-past" data-testid="requester-past">
      <Subtitle2 as="h3" id="details-past" style={{ margin: 0 }}>{t("tab.past.title")}</Subtitle2>
      {error && <MessageBar intent="error"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      {past && <Caption1>{t(past.scope === "all" ? "tab.past.scopeAll" : "tab.past.scopeDepartment", { department: request.department })}</Caption1>}
      {past && past.items.length === 0 && <Body1>{t("tab.past.empty", { name: past.requester.name })}</Body1>}
      {past && past.items.length > 0 && (
        <ol className={s.list}>
          {past.items.map((p) => (
            <li key={p.id} className={s.item}>
              {open(p.id)}
              <Body1>{p.title}</Body1>
              <Caption1>{t(`status.${p.status}` as StringKey)} · {formatTime(p.createdAt, readerZone(), locale)} · {p.rating ? t("tab.past.rated", { score: p.rating }) : t("tab.past.notRated")}</Caption1>
            </li>
          ))}
        </ol>
      )}
      {past?.nextCursor && <Button appearance="subtle" onClick={() => void more()}>{t("tab.past.more")}</Button>}
    </section>
  );
}
