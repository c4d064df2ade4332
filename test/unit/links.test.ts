/**
 * Links between requests (shared/links.ts): who may link, what is refused, what each side
 * becomes (a merged duplicate resolved with its pointer, its requester following the survivor),
 * that a repeat adds nothing, and that followers hear what the requester hears.
 */
import assert from "node:assert/strict";
import type { Person, ServiceRequest } from "../../shared/domain.ts";
import { checkLink, LINKS_MAX, linkSource, linkTarget, mergedInto } from "../../shared/links.ts";
import { noticesFor } from "../../shared/notifications.ts";
import { canSeeRequest } from "../../shared/permissions.ts";
import type { Refusal } from "../../shared/lifecycle.ts";
import { AGENT, LEAD, REQUESTER, actor, department, request } from "../support/fixtures.ts";

const NOW = "2026-03-02T13:00:00.000Z";
const OTHER: Person = { id: "u-other", name: "Omar Other" };
const IT = department();
const asAgent = actor(AGENT);
const ctx = { actor: asAgent, dept: IT, now: NOW };

const refusal = (r: { ok: boolean }) => {
  assert.equal(r.ok, false, "expected a refusal");
  return r as Refusal;
};

describe("links (shared/links.ts)", () => {
  it("related: both sides hold it, each with one linked event; a repeat adds nothing on either side", () => {
    const a = request({ number: 1 });
    const b = request({ number: 2, department: "HR" });
    assert.deepEqual(checkLink(a, b, "related", ctx), { ok: true }, "an agent of the source may link");
    const src = linkSource(a, b, "related", ctx);
    assert.ok(src.ok, "applied");
    assert.deepEqual(src.request.links?.map((l) => [l.id, l.relation]), [["HR-2", "related"]], "the source's link");
    assert.equal(src.request.status, "new", "no status change");
    assert.deepEqual(src.events.map((e) => [e.kind, e.to, e.relation]), [["linked", "HR-2", "related"]], "one event");
    const dst = linkTarget(b, src.request, "related", AGENT, NOW);
    assert.deepEqual(dst.request.links?.map((l) => [l.id, l.relation]), [["IT-1", "related"]], "the target's link back");
    assert.equal(dst.request.followers, undefined, "no followers for a related link");

    const again = linkSource(src.request, b, "related", ctx);
    assert.ok(again.ok && again.events.length === 0, "the source already holds it: nothing to write");
    assert.equal(linkTarget(dst.request, src.request, "related", AGENT, NOW).events.length, 0, "nor the target");
  });

  it("duplicate: an open source is resolved (both clocks stop) with its pointer; its requester and followers follow the survivor", () => {
    const survivor = request({ number: 1, requester: REQUESTER });
    const dup = request({ number: 2, requester: OTHER, followers: [{ id: "u-third", name: "Tia Third" }, REQUESTER] });
    const src = linkSource(dup, survivor, "duplicate", ctx, "Same outage");
    assert.ok(src.ok, "applied");
    assert.equal(src.request.status, "resolved", "resolved");
    assert.equal(src.request.resolvedAt, NOW, "now");
    assert.ok(src.request.sla.resolution.stopped && src.request.sla.firstResponse.stopped, "both clocks stopped");
    assert.equal(mergedInto(src.request), "IT-1", "points to the survivor");
    assert.deepEqual(src.events.filter((e) => e.kind !== "sla").map((e) => e.kind), ["linked", "comment", "status"], "link, note, resolution");

    const dst = linkTarget(survivor, src.request, "duplicate", AGENT, NOW);
    assert.deepEqual(dst.request.links?.map((l) => [l.id, l.relation]), [["IT-2", "duplicated-by"]], "the survivor names it");
    assert.deepEqual(dst.request.followers?.map((f) => f.id), ["u-other", "u-third"], "the duplicate's requester and followers, not the survivor's own requester");
    assert.ok(canSeeRequest(dst.request, IT, actor(OTHER)), "a follower may see the survivor");
    assert.ok(!canSeeRequest(survivor, IT, actor(OTHER)), "and could not before");

    // A resolved duplicate is merged without a second resolve.
    const resolved = request({ number: 3, status: "resolved", resolvedAt: "2026-03-02T12:00:00.000Z" });
    const r = linkSource(resolved, survivor, "duplicate", ctx);
    assert.ok(r.ok && r.request.resolvedAt === "2026-03-02T12:00:00.000Z" && !r.events.some((e) => e.kind === "status"), "no second resolve");
    // A related link is upgraded to a merge, not added twice.
    const related = { ...dup, links: [{ id: "IT-1", relation: "related" as const, at: NOW, by: AGENT }] };
    const up = linkSource(related, survivor, "duplicate", ctx);
    assert.ok(up.ok, "applied");
    assert.deepEqual(up.request.links?.map((l) => l.relation), ["duplicate-of"], "one link, now the merge");
  });

  it("refuses: not staff, itself, a chain, an ended survivor, merged elsewhere, too many links", () => {
    const a = request({ number: 1 });
    const b = request({ number: 2 });
    assert.equal(refusal(checkLink(a, b, "related", { ...ctx, actor: actor(REQUESTER) })).code, "forbidden", "the requester");
    assert.equal(checkLink(a, b, "related", { ...ctx, actor: actor(LEAD) }).ok, true, "a lead may");
    assert.equal(refusal(checkLink(a, a, "related", ctx)).code, "invalid_input", "itself");
    const merged = { ...b, links: [{ id: "IT-9", relation: "duplicate-of" as const, at: NOW, by: AGENT }] };
    const chain = refusal(checkLink(a, merged, "duplicate", ctx));
    assert.equal(chain.code, "conflict", "a chain");
    assert.match(chain.message, /IT-9/, "names where to merge instead");
    for (const status of ["closed", "cancelled"] as const) {
      assert.equal(refusal(checkLink(a, request({ number: 3, status }), "duplicate", ctx)).code, "conflict", `a ${status} survivor`);
      assert.equal(checkLink(a, request({ number: 3, status }), "related", ctx).ok, true, `related to a ${status} one is fine`);
    }
    const dupOfOther: ServiceRequest = { ...a, links: [{ id: "IT-5", relation: "duplicate-of", at: NOW, by: AGENT }] };
    assert.match(refusal(checkLink(dupOfOther, b, "duplicate", ctx)).message, /already merged into IT-5/, "merged elsewhere");
    const full: ServiceRequest = { ...a, links: Array.from({ length: LINKS_MAX }, (_, i) => ({ id: `HR-${i + 1}`, relation: "related" as const, at: NOW, by: AGENT })) };
    assert.equal(refusal(checkLink(full, b, "related", ctx)).code, "conflict", "too many links");
    assert.equal(checkLink(full, { ...b, id: "HR-1" }, "related", ctx).ok, true, "a link it holds already is still fine (a retry)");
  });

  it("followers hear what the requester hears, without the rating card; a merged duplicate's requester hears where it lives on", () => {
    const survivor = request({ number: 1, followers: [OTHER], assignee: AGENT });
    const resolved = { ...survivor, status: "resolved" as const };
    const told = noticesFor(resolved, [{ at: NOW, actor: AGENT, kind: "status", from: "in_progress", to: "resolved" }]).people;
    assert.deepEqual(told.map((p) => [p.person.id, p.message.key, !!p.rating]), [["u-req", "notify.resolved", true], ["u-other", "notify.resolved", false]], "requester and follower told; only the requester is asked to rate");

    const dup = linkSource(request({ number: 2, requester: OTHER }), survivor, "duplicate", ctx);
    assert.ok(dup.ok, "applied");
    const merged = noticesFor(dup.request, dup.events).people;
    assert.deepEqual(merged.map((p) => [p.person.id, p.message.key, p.message.params?.to, !!p.rating]), [["u-other", "notify.merged", "IT-1", false]], "the duplicate's requester hears of the merge, not asked to rate");
  });
});
