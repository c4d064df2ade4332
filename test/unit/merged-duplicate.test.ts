/**
 * A merged duplicate lives on in its survivor (issue 16): its requester cannot reopen or rate
 * it (reopened, it would split the case again; the work was done on the survivor). The refusal
 * names the survivor, in English and Spanish, and no button offers either action.
 */
import assert from "node:assert/strict";
import type { Person } from "../../shared/domain.ts";
import { applyAction, availableActions, type Refusal } from "../../shared/lifecycle.ts";
import { linkSource } from "../../shared/links.ts";
import { t } from "../../shared/strings/index.ts";
import { AGENT, REQUESTER, actor, department, request } from "../support/fixtures.ts";

const NOW = "2026-03-02T13:00:00.000Z";
const OTHER: Person = { id: "u-other", name: "Omar Other" };
const IT = department();

describe("a merged duplicate (shared/lifecycle.ts)", () => {
  const survivor = request({ number: 1, requester: REQUESTER });
  const merged = linkSource(request({ number: 2, requester: OTHER }), survivor, "duplicate", { actor: actor(AGENT), dept: IT, now: NOW });
  assert.ok(merged.ok);
  const dup = merged.request;
  const asRequester = { actor: actor(OTHER), dept: IT, now: NOW };

  it("is resolved, and its requester may neither reopen nor rate it: the refusal points to the survivor (en, es)", () => {
    assert.equal(dup.status, "resolved");
    const reopen = applyAction(dup, { action: "reopen", text: "Still broken" }, asRequester) as Refusal;
    assert.equal(reopen.ok, false);
    assert.equal(reopen.code, "conflict");
    assert.equal(reopen.message, "IT-2 was merged into IT-1, the same case; follow and reply there instead of reopening IT-2.");
    assert.equal(t("es", reopen.i18n!.key, reopen.i18n!.params), "IT-2 se fusionó en IT-1, el mismo caso; síguela y responde allí en lugar de reabrir IT-2.");
    const rate = applyAction(dup, { action: "rate", score: 2 }, asRequester) as Refusal;
    assert.equal(rate.ok, false);
    assert.equal(rate.message, "IT-2 was merged into IT-1, the same case; rate IT-1 once it is resolved.");
    assert.equal(t("es", rate.i18n!.key, rate.i18n!.params), "IT-2 se fusionó en IT-1, el mismo caso; valora IT-1 cuando esté resuelta.");
  });

  it("staff cannot reopen it either, and no button offers reopen or rate on it", () => {
    const byAgent = applyAction(dup, { action: "reopen" }, { actor: actor(AGENT), dept: IT, now: NOW });
    assert.equal(byAgent.ok, false);
    assert.deepEqual(availableActions(dup, asRequester).filter((a) => a === "reopen" || a === "rate"), []);
  });

  it("a resolved request that was not merged is still reopened and rated by its requester", () => {
    const done = applyAction(request({ number: 3, requester: OTHER }), { action: "resolve" }, { actor: actor(AGENT), dept: IT, now: NOW });
    assert.ok(done.ok);
    assert.deepEqual(availableActions(done.request, asRequester).filter((a) => a === "reopen" || a === "rate").sort(), ["rate", "reopen"]);
  });
});
