import {
  Badge,
  Body1,
  Button,
  Caption1,
  Dialog,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Link,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useState } from "react";
import type { Department, HistoryEvent, RequestView } from "../../../shared/domain.ts";
import type { StringKey } from "../../../shared/strings/index.ts";
import type { Api } from "../../../web/api.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import type { BoardAction } from "./actions.ts";
import { ClockCell } from "./ClockCell.tsx";
import { historyLine } from "../../../shared/history.ts";
import { formatTime, readerZone } from "../../../web/format.ts";
import { PriorityBadge } from "./PriorityBadge.tsx";
import { Attachments } from "../../../web/Attachments.tsx";
import { RatingSummary } from "../components/RatingSummary.tsx";
import { LinksAndPast } from "./LinksAndPast.tsx";
import { PossibleDuplicates } from "./PossibleDuplicates.tsx";
import { SentenceWithId } from "../components/IdLink.tsx";

const useStyles = makeStyles({
  surface: { maxWidth: "760px", width: "calc(100vw - 32px)", maxHeight: "calc(100vh - 32px)", display: "flex" },
  body: { maxHeight: "calc(100vh - 80px)", flex: 1 },
  content: { overflowY: "auto" },
  titleId: { display: "block", fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase300, color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightRegular },
  titleText: { display: "block", overflowWrap: "anywhere" },
  facts: { display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: "16px", rowGap: "4px", margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: "anywhere" },
  text: { whiteSpace: "pre-wrap", overflowWrap: "anywhere", margin: 0 },
  section: { display: "flex", flexDirection: "column", gap: "8px", marginTop: "20px" },
  clocks: { display: "grid", gridTemplateColumns: "1fr 1fr", gap: "12px" },
  actions: { display: "flex", flexWrap: "wrap", gap: "8px", marginTop: "16px" },
  history: { listStyle: "none", padding: 0, margin: 0, display: "flex", flexDirection: "column", gap: "10px" },
  event: { display: "flex", flexDirection: "column", gap: "2px", borderLeft: `2px solid ${tokens.colorNeutralStroke2}`, paddingLeft: "10px" },
  slaEvent: { borderLeftColor: tokens.colorBrandStroke1 },
  quote: {
    whiteSpace: "pre-wrap",
    overflowWrap: "anywhere",
    margin: "4px 0 0",
    padding: "6px 10px",
    background: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
  line: { display: "flex", gap: "6px", alignItems: "baseline", flexWrap: "wrap" },
});

/** A link worth following: web addresses only (never javascript: or data:). */
const safeLink = (href: string | undefined) => (href && /^https:\/\//i.test(href) ? href : undefined);

/**
 * A request in full, in a drawer: description, source, both clocks, what can be done, and the
 * whole history with the SLA pause log. Read again whenever the live stream says it changed.
 */
export function Details({
  api,
  id,
  department,
  stamp,
  actions,
  busy,
  onAction,
  onClose,
  onOpen,
  staff = true,
  notice,
  children,
}: {
  api: Api;
  id: string;
  department: Department;
  /** Changes when the request changed (its etag from the stream or an action). */
  stamp: string | undefined;
  actions: BoardAction[];
  busy: boolean;
  onAction: (a: BoardAction, r: RequestView) => void;
  onClose: () => void;
  /** Opens another request's details in place of these (a linked request, a possible duplicate). */
  onOpen?: (id: string) => void;
  /** The reader works the request's department: links, merges and the requester's past (a request of another department opened from here: read only). */
  staff?: boolean;
  /** What became of an action taken here, shown above the content. */
  notice?: React.ReactNode;
  /** An action's form opened from here: rendered inside, so it stacks as a nested dialog. */
  children?: React.ReactNode;
}) {
  const t = useT();
  const locale = useLocale();
  const s = useStyles();
  const [request, setRequest] = useState<RequestView>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    api.get<RequestView>(`/api/requests/${encodeURIComponent(id)}`).then(
      (r) => {
        if (cancelled) return;
        setRequest(r);
        setError(undefined);
      },
      (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [api, id, stamp]);

  const r = request?.id === id ? request : undefined;
  const link = safeLink(r?.source.link ?? r?.email?.webLink);

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface className={s.surface} aria-describedby={undefined}>
        <DialogBody className={s.body}>
          <DialogTitle
            action={
              <Button appearance="subtle" onClick={onClose}>
                {t("tab.board.details.close")}
              </Button>
            }
          >
            <span className={s.titleId}>{id}</span>
            {r && <span className={s.titleText}>{r.title}</span>}
          </DialogTitle>
          <DialogContent className={s.content} data-testid="details">
            {notice && <div style={{ marginBottom: 12 }}>{notice}</div>}
        {error && (
          <MessageBar intent="error">
            <MessageBarBody>{t("tab.board.details.error", { message: error })}</MessageBarBody>
          </MessageBar>
        )}
        {!r && !error && <Spinner label={t("tab.loading")} />}
        {r && (
          <>
            <div className={s.line} style={{ marginBottom: 12 }}>
              <Badge appearance="tint" color={r.status === "waiting" ? "warning" : r.status === "new" ? "brand" : "informative"}>
                {t(`status.${r.status}`)}
              </Badge>
              <PriorityBadge priority={r.priority} />
            </div>
            {/* Transfer: where it went, or where it came from (the other request's id). */}
            {(r.transferredTo || r.transfer || r.transferredFrom) && (
              <MessageBar intent="info" style={{ marginBottom: 12 }} data-testid="transfer-pointer">
                <MessageBarBody>
                  {r.transferredTo ? (
                    <SentenceWithId sentence={t("tab.transfer.to", { id: r.transferredTo })} id={r.transferredTo} onOpen={onOpen} />
                  ) : r.transfer ? (
                    t("tab.transfer.pending", { department: r.transfer.department })
                  ) : (
                    <SentenceWithId sentence={t("tab.transfer.from", { id: r.transferredFrom })} id={r.transferredFrom!} onOpen={onOpen} />
                  )}
                </MessageBarBody>
              </MessageBar>
            )}
            <dl className={s.facts}>
              <dt className={s.term}>{t("tab.board.col.requester")}</dt>
              <dd className={s.value}>
                {r.requester.name}
                {r.requester.email ? ` <${r.requester.email}>` : ""}
              </dd>
              <dt className={s.term}>{t("tab.board.col.assignee")}</dt>
              <dd className={s.value}>{r.assignee?.name ?? t("common.unassigned")}</dd>
              <dt className={s.term}>{t("tab.board.details.source")}</dt>
              <dd className={s.value}>
                {t(`source.${r.source.kind}` as StringKey)}
                {r.email && ` · ${t("tab.board.details.emailFrom", { name: r.email.from.name, email: r.email.from.email })}`}
                {link && (
                  <>
                    {" · "}
                    <Link href={link} target="_blank" rel="noopener noreferrer">
                      {t("tab.board.details.openSource")}
                    </Link>
                  </>
                )}
              </dd>
              {r.category && (
                <>
                  <dt className={s.term}>{t("tab.board.details.category")}</dt>
                  <dd className={s.value}>{department.categories.find((c) => c.key === r.category)?.name ?? r.category}</dd>
                </>
              )}
              <dt className={s.term}>{t("tab.board.details.filed")}</dt>
              <dd className={s.value}>
                {formatTime(r.createdAt, readerZone(), locale)}
                {r.createdBy && r.createdBy.id !== r.requester.id ? ` · ${t("tab.board.details.filedBy", { name: r.createdBy.name })}` : ""}
              </dd>
            </dl>

            {actions.length > 0 && (
              <div className={s.actions} role="group" aria-label={t("tab.board.col.actions")}>
                {actions.map((a) => (
                  <Button key={a} appearance={a === "take" ? "primary" : "secondary"} disabled={busy} onClick={() => onAction(a, r)}>
                    {t(`action.${a}`)}
                  </Button>
                ))}
              </div>
            )}

            <section className={s.section} aria-labelledby="details-description">
              <Subtitle2 as="h3" id="details-description" style={{ margin: 0 }}>
                {t("tab.board.details.description")}
              </Subtitle2>
              {r.description ? <Body1 as="p" className={s.text}>{r.description}</Body1> : <Caption1>{t("tab.board.details.noDescription")}</Caption1>}
              {r.descriptionTruncated && <Caption1>{t("tab.board.details.truncated")}</Caption1>}
            </section>

            <Attachments api={api} request={r} canAdd />

            <section className={s.section} aria-labelledby="details-clocks">
              <Subtitle2 as="h3" id="details-clocks" style={{ margin: 0 }}>
                {t("tab.board.details.clocks")}
              </Subtitle2>
              <div className={s.clocks}>
                {(["firstResponse", "resolution"] as const).map((c) => (
                  <div key={c}>
                    <Body1 as="p" style={{ margin: "0 0 4px", fontWeight: 600 }}>
                      {t(`clock.${c}`)}
                    </Body1>
                    <ClockCell clock={r.sla[c]} calendar={department.calendar} testId={`details-clock-${c}`} />
                    <Caption1>{t("clock.elapsed", { elapsed: r.sla[c].elapsedMinutes, target: r.sla[c].targetMinutes })}</Caption1>
                  </div>
                ))}
              </div>
            </section>

            <RatingSummary request={r} />

            {/* Possible duplicates, links and the requester's past (issue 16): for the department's staff. */}
            {staff && <PossibleDuplicates key={`dupes-${r.id}`} api={api} request={r} onOpen={onOpen} onChanged={setRequest} />}
            <LinksAndPast key={`links-${r.id}`} api={api} request={r} staff={staff} onOpen={onOpen} onChanged={setRequest} />

            <section className={s.section} aria-labelledby="details-history">
              <Subtitle2 as="h3" id="details-history" style={{ margin: 0 }}>
                {t("tab.board.details.history")}
              </Subtitle2>
              <ol className={s.history} data-testid="history">
                {(r.history ?? []).map((e) => (
                  <HistoryItem key={`${e.requestId ?? ""}|${e.seq}`} e={e} warnAtPercent={department.sla.warnAtPercent} />
                ))}
              </ol>
            </section>
          </>
        )}
          </DialogContent>
        </DialogBody>
        {children}
      </DialogSurface>
    </Dialog>
  );
}

function HistoryItem({ e, warnAtPercent }: { e: HistoryEvent; warnAtPercent: number }) {
  const t = useT();
  const locale = useLocale();
  const s = useStyles();
  const sla = e.kind === "sla" || e.kind === "escalation";
  return (
    <li className={sla ? `${s.event} ${s.slaEvent}` : s.event} data-kind={e.kind} data-sla={e.sla}>
      <div className={s.line}>
        {sla && (
          <Badge size="small" appearance="outline" color="brand">
            {t("tab.board.details.slaTag")}
          </Badge>
        )}
        {/* Transfer: an event of the request this one came from, in the one thread. */}
        {e.requestId && (
          <Badge size="small" appearance="outline" color="informative">
            {e.requestId}
          </Badge>
        )}
        <Body1>{historyLine(e, locale, warnAtPercent).line}</Body1>
      </div>
      <Caption1>
        <time dateTime={e.at}>{formatTime(e.at, readerZone(), locale)}</time>
      </Caption1>
      {(e.kind === "comment" || e.kind === "rated" || e.kind === "thanked") && e.text && <p className={s.quote}>{e.text}</p>}
    </li>
  );
}
