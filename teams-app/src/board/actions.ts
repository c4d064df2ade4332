/**
 * The board's actions: which ones to offer (the lifecycle's own rules, tried on the request as
 * the board knows it) and how to send one (`POST /api/requests/:id/actions` with If-Match), with
 * a lost race told as a sentence that names who was faster.
 */
import type { ClockTrack, ClockView, Department, RequestView, ServiceRequest } from "../../../shared/domain.ts";
import { OPEN_STATUSES } from "../../../shared/domain.ts";
import { applyAction, availableActions, type ActionName, type RequestAction } from "../../../shared/lifecycle.ts";
import type { Locale, StringKey } from "../../../shared/strings/index.ts";
import { t } from "../../../shared/strings/index.ts";
import { ApiError, type Api } from "../../../web/api.ts";
import type { Me } from "../session.ts";

/** The actions the board offers, in the order it shows them. */
export const BOARD_ACTIONS = ["take", "assign", "comment", "wait", "resolve", "transfer"] as const satisfies readonly ActionName[];
export type BoardAction = (typeof BOARD_ACTIONS)[number];

/** A clock's stored shape, as far as the rules need it (running, paused or stopped). */
function track(c: ClockView, since: string): ClockTrack {
  const stopped = c.state === "met" || c.state === "missed" || c.state === "handed_off";
  const paused = c.state === "paused";
  return { targetMinutes: c.targetMinutes, runs: [stopped || paused ? { from: since, to: since } : { from: since }], stopped };
}

/** The request as the lifecycle rules see it, rebuilt from its view. */
function asRecord(r: RequestView, dept: Department, tenantId: string): ServiceRequest {
  return {
    ...r,
    tenantId,
    sla: {
      calendar: dept.calendar,
      warnAtPercent: dept.sla.warnAtPercent,
      firstResponse: track(r.sla.firstResponse, r.createdAt),
      resolution: track(r.sla.resolution, r.createdAt),
    },
    version: 0,
  };
}

/** Which of the board's actions `me` may take on `r` now: exactly what the service would accept. */
export function allowedActions(r: RequestView, dept: Department, me: Me): BoardAction[] {
  const actor = { tenantId: me.tenantId, person: { id: me.id, name: me.name, ...(me.email ? { email: me.email } : {}) }, isAdmin: me.isAdmin };
  const record = asRecord(r, dept, me.tenantId);
  const ctx = { actor, dept, now: new Date().toISOString() };
  const can = new Set(availableActions(record, ctx));
  // Transfer: the same rules, tried with any other department (the service checks the one picked exists).
  if (applyAction(record, { action: "transfer", department: dept.key === "ZZ" ? "ZY" : "ZZ", reason: "-" }, ctx).ok) can.add("transfer");
  return BOARD_ACTIONS.filter((a) => can.has(a));
}

/** People a request of this department can be assigned to (agents, then leads), once each. */
export function staffOf(dept: Department): Array<{ id: string; name: string; email?: string }> {
  const seen = new Set<string>();
  return [...dept.agents, ...dept.leads].filter((p) => !seen.has(p.id) && (seen.add(p.id), true));
}

export type ActionResult =
  | { ok: true; request: RequestView }
  /** `race`: someone else changed it first (the row now shows the latest). */
  | { ok: false; race: boolean; message: string; request?: RequestView };

const isOpen = (r: RequestView) => OPEN_STATUSES.includes(r.status);

/**
 * Sends one action. On 409/412 it reads the request again, hands it to `refreshed` (so the row
 * shows the latest) and explains what happened in `locale`.
 */
export async function runAction(
  api: Api,
  r: RequestView,
  body: RequestAction,
  ctx: { me: Me; dept: Department; locale: Locale; refreshed: (r: RequestView) => void; gone: (id: string) => void },
): Promise<ActionResult> {
  const tr = (key: StringKey, params?: Record<string, string | number | undefined>) => t(ctx.locale, key, params);
  try {
    const request = await api.post<RequestView>(`/api/requests/${encodeURIComponent(r.id)}/actions`, body, { "If-Match": r.etag });
    ctx.refreshed(request);
    return { ok: true, request };
  } catch (err) {
    if (!(err instanceof ApiError)) return { ok: false, race: false, message: tr("tab.error", { message: err instanceof Error ? err.message : String(err) }) };
    if (err.status === 409 || err.status === 412) {
      let fresh: RequestView | undefined;
      try {
        fresh = await api.get<RequestView>(`/api/requests/${encodeURIComponent(r.id)}`);
      } catch {
        /* told below without a name */
      }
      if (fresh) {
        const { history: _h, ...row } = fresh;
        ctx.refreshed(row);
      }
      return { ok: false, race: true, message: raceMessage(body.action, r, fresh, ctx.me, ctx.locale), request: fresh };
    }
    if (err.status === 404) {
      ctx.gone(r.id);
      return { ok: false, race: false, message: tr("tab.board.error.gone", { id: r.id }) };
    }
    if (err.status === 0) return { ok: false, race: false, message: tr("tab.board.error.network") };
    if (err.status === 403) return { ok: false, race: false, message: tr("tab.board.error.forbidden", { action: tr(`verb.${body.action}` as StringKey), id: r.id, department: ctx.dept.name }) };
    if (err.status === 503) return { ok: false, race: false, message: tr("error.unavailable") };
    return { ok: false, race: false, message: tr("tab.error", { message: err.message }) };
  }
}

/** "Ben Okafor took IT-4 first." and the like, from the request before and after. */
export function raceMessage(action: ActionName, before: RequestView, after: RequestView | undefined, me: Me, locale: Locale): string {
  const tr = (key: StringKey, params?: Record<string, string | number | undefined>) => t(locale, key, params);
  const id = before.id;
  const someone = tr("common.someone");
  if (!after) return tr("tab.board.race.changed", { name: someone, id });
  // What others did since the version this person acted on, newest last.
  const since = (after.history ?? []).filter((e) => e.at >= before.updatedAt && e.actor && e.actor.id !== me.id);
  const last = since[since.length - 1];
  const name = last?.actor?.name ?? someone;
  if ((action === "take" || action === "assign") && after.assignee && after.assignee.id !== before.assignee?.id) {
    const assigned = [...since].reverse().find((e) => e.kind === "assigned");
    const by = assigned?.actor?.name ?? after.assignee.name;
    const to = assigned?.to ?? after.assignee.name;
    return by === to ? tr("tab.board.race.taken", { name: to, id }) : tr("tab.board.race.assigned", { name: by, to, id });
  }
  if (!isOpen(after)) return tr("tab.board.race.closed", { name, id, status: tr(`status.${after.status}` as StringKey) });
  return tr("tab.board.race.changed", { name, id });
}
