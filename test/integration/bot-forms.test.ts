import assert from "node:assert/strict";
import { FakeConnector, actionsOf, cardText, cardsOf } from "../support/bot-connector.ts";
import type { TestService } from "../support/service.ts";
import { TeamsClient, startBot, channel, messagePayload, personal } from "../support/teams.ts";

/** Inputs of a card by id (the form's fields). */
function inputs(card: Record<string, any>): Record<string, Record<string, any>> {
  const out: Record<string, Record<string, any>> = {};
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== "object") return;
    const o = n as Record<string, any>;
    if (typeof o.type === "string" && o.type.startsWith("Input.") && typeof o.id === "string") out[o.id] = o;
    Object.values(o).forEach(walk);
  };
  walk(card.body);
  return out;
}

describe("Teams bot: forms, the message action, retries and bad input", function () {
  this.timeout(30_000);
  let svc: TestService;
  let connector: FakeConnector;
  let teams: TeamsClient;
  let bot: Awaited<ReturnType<typeof startBot>>;
  const dana = personal("demo-dana");

  const mine = async () => (await svc.call("GET", "/api/me/requests?status=all", { token: await svc.token("dana") })).body.items as Array<{ id: string; title: string; source: any }>;

  before(async () => {
    bot = await startBot();
    ({ svc, connector, teams } = bot);
  });
  after(() => bot?.close());

  describe("the new-request form", () => {
    it("new opens a form with no department chosen and no categories yet; Continue shows the chosen department's categories only and when it will answer", async () => {
      const r = await teams.say("demo-dana", dana, "new");
      const card = cardsOf(r.replies[0]!.activity)[0]!;
      const fields = inputs(card);
      assert.deepEqual(Object.keys(fields).sort(), ["department", "description", "priority", "title"], "no category list before a department");
      assert.equal(fields.department!.value, "", "no department preselected");
      assert.equal(fields.department!.placeholder, "Choose a department");
      const depts = fields.department!.choices.map((c: any) => c.value);
      for (const k of ["IT", "HR", "FIN", "LEGAL", "FAC"].filter((k) => depts.includes(k))) assert.ok(depts.includes(k));
      assert.ok(depts.length >= 5, `departments: ${depts}`);
      assert.deepEqual(fields.priority!.choices.map((c: any) => c.value), ["low", "normal", "high", "urgent"]);
      assert.match(cardText(card), /Choose a department and continue/);
      assert.deepEqual(actionsOf(card).map((a) => a.verb), ["new.department"], "only Continue: nothing is filed to a department nobody chose");
      const next = actionsOf(card)[0]!;
      assert.match(String(next.data.formId), /^[\w-]{8,64}$/, "the button carries the form's id");

      // Dana picks IT and has typed a title: the form again, for IT.
      const it = await teams.press("demo-dana", dana, "new.department", { ...next.data, department: "IT", priority: "high", title: "Docking station dead" });
      const itFields = inputs(it.card!);
      assert.equal(itFields.department!.value, "IT");
      assert.equal(itFields.title!.value, "Docking station dead", "what was typed stays");
      assert.equal(itFields.priority!.value, "high");
      assert.equal(itFields.category!.label, "Category (IT)");
      const itCategories = itFields.category!.choices.map((c: any) => c.value);
      assert.ok(itCategories.length > 0 && itCategories.every((v: string) => v.startsWith("IT:")), `IT's categories only: ${itCategories}`);
      assert.match(cardText(it.card!), /IT replies by .* and aims to resolve it by/);
      assert.deepEqual(actionsOf(it.card!).map((a) => a.verb), ["new.submit"], "File request");
      const refresh = JSON.stringify(it.card!.body).includes('"verb":"new.department"');
      assert.ok(refresh, "under the department, a button for its categories after a change");
      assert.equal(actionsOf(it.card!)[0]!.data.formId, next.data.formId, "the same form");

      // She changes her mind to HR (a category of IT still picked): HR's categories, the IT one dropped.
      const hr = await teams.press("demo-dana", dana, "new.department", { ...next.data, department: "HR", category: itCategories[0], title: "Docking station dead" });
      const hrFields = inputs(hr.card!);
      assert.ok(hrFields.category!.choices.every((c: any) => c.value.startsWith("HR:")), "HR's categories only");
      assert.equal(hrFields.category!.value, "", "IT's category is not carried to HR");
    });

    it("nueva HR opens it in Spanish with HR chosen and HR's answer time", async () => {
      const r = await teams.say("demo-dana", dana, "nueva HR");
      const card = cardsOf(r.replies[0]!.activity)[0]!;
      assert.equal(inputs(card).department!.value, "HR");
      assert.match(cardText(card), /Nueva solicitud/);
      assert.match(cardText(card), /responde antes del|responde/);
    });

    it("a submit with errors comes back as the form, with what was typed and a message per field; nothing is filed", async () => {
      const before = (await mine()).length;
      const r = await teams.press("demo-dana", dana, "new.submit", { formId: "form-errors-0001", department: "IT", category: "HR:onboarding", priority: "normal", title: "   ", description: "Kept as typed" });
      assert.equal(r.status, 200);
      const text = cardText(r.card!);
      assert.match(text, /Write a title of 1 to 200 characters/);
      assert.match(text, /belongs to another department/);
      assert.equal(inputs(r.card!).description!.value, "Kept as typed");
      const tooLong = await teams.press("demo-dana", dana, "new.submit", { formId: "form-errors-0002", department: "IT", priority: "normal", title: "x".repeat(201) });
      assert.match(cardText(tooLong.card!), /Write a title of 1 to 200 characters/);
      const badPriority = await teams.press("demo-dana", dana, "new.submit", { formId: "form-errors-0003", department: "IT", priority: "asap", title: "Mouse" });
      assert.match(cardText(badPriority.card!), /Choose a priority/);
      const noDept = await teams.press("demo-dana", dana, "new.submit", { formId: "form-errors-0004", department: "NOPE", title: "Mouse" });
      assert.match(cardText(noDept.card!), /Choose a department|There is no department/);
      assert.equal((await mine()).length, before, "nothing was filed");
    });

    it("a valid submit files the request; pressing it again (or Teams retrying) files nothing more", async () => {
      const before = (await mine()).length;
      const data = { formId: "form-once-0000001", department: "IT", category: "IT:hardware", priority: "high", title: "Docking station dead", description: "No power LED" };
      const [a, b] = await Promise.all([teams.press("demo-dana", dana, "new.submit", data), teams.press("demo-dana", dana, "new.submit", data)]);
      const ids = [a, b].map((r) => /Filed (IT-\d+)/.exec(cardText(r.card!))?.[1]);
      assert.ok(ids[0] && ids[0] === ids[1], `both presses show the same request: ${ids}`);
      const after = await mine();
      assert.equal(after.length, before + 1);
      assert.equal(after.find((r) => r.id === ids[0])!.title, "Docking station dead");
      assert.match(cardText(a.card!), /High · Hardware|Hardware/);
    });
  });

  describe('the message action "Create request"', () => {
    const message = messagePayload({ html: "<p>The <b>projector</b> in room 3 shows no signal</p><p>Can someone look before 3pm?</p>", author: "demo-ben" });

    it("fetchTask answers a dialog with the form prefilled from the message", async () => {
      const r = await teams.messageAction("demo-dana", channel("general"), "fetchTask", message);
      assert.equal(r.status, 200);
      assert.equal(r.body.task.type, "continue");
      const card = r.body.task.value.card.content;
      const fields = inputs(card);
      assert.equal(fields.title!.value, "The projector in room 3 shows no signal");
      assert.equal(fields.department!.value, "FAC", "suggested from the message's words (a room's projector: Facilities)");
      assert.match(cardText(card), /Suggested: Facilities\. Change it if another department should handle this\./);
      assert.ok(fields.category!.choices.every((c: any) => c.value.startsWith("FAC:")), "the suggested department's categories only");
      assert.match(fields.description!.value, /projector in room 3 shows no signal\s+Can someone look before 3pm\?/);
      assert.doesNotMatch(fields.description!.value, /<b>|<p>/, "the message's HTML is read as text");
      assert.match(cardText(card), /From a message by Ben Okafor/);
      assert.ok(actionsOf(card).some((a) => a.type === "Action.Submit"), "dialogs take Action.Submit");
      assert.ok(!actionsOf(card).some((a) => a.type === "Action.Execute"));
    });

    it("submitAction files one request with source teams-message and a link back; sending it again shows the same one", async () => {
      const form = { department: "FAC", priority: "normal", title: "Projector room 3: no signal", description: "From chat" };
      const first = await teams.messageAction("demo-dana", channel("general"), "submitAction", message, form);
      assert.equal(first.status, 200);
      const id = /Filed (FAC-\d+) from this message/.exec(cardText(first.body.task.value.card.content))?.[1];
      assert.ok(id, JSON.stringify(first.body).slice(0, 400));
      const again = await teams.messageAction("demo-dana", channel("general"), "submitAction", message, { ...form, title: "Another title" });
      assert.match(cardText(again.body.task.value.card.content), new RegExp(`already ${id}`));
      // Someone who may not see it learns that it exists, not what it is.
      const other = await teams.messageAction("demo-carla", channel("general"), "submitAction", message, form);
      assert.equal(other.body.task.type, "message");
      assert.match(other.body.task.value, /already a request filed by someone else/);
      assert.doesNotMatch(other.body.task.value, new RegExp(id!));
      const stored = (await mine()).find((r) => r.id === id)!;
      assert.equal(stored.source.kind, "teams-message");
      assert.equal(stored.source.link, message.linkToMessage);
      assert.equal(stored.title, "Projector room 3: no signal");
    });

    it("a long message gets a short title (its first sentence, clipped) and no department when its words suggest none", async () => {
      const long = messagePayload({
        html: "<p>Hi all, quick question about something that has been bothering me for a while now and I am not sure who to ask about it at all. Thanks!</p>",
        author: "demo-ben",
      });
      const r = await teams.messageAction("demo-dana", channel("general"), "fetchTask", long);
      const card = r.body.task.value.card.content;
      const fields = inputs(card);
      assert.ok(fields.title!.value.length <= 80, `a short title: ${fields.title!.value}`);
      assert.match(fields.title!.value, /^Hi all, quick question about something .*…$/);
      assert.doesNotMatch(fields.title!.value, /Thanks/, "not the whole message");
      assert.match(fields.description!.value, /Thanks!$/, "the whole message is the description");
      assert.equal(fields.department!.value, "", "no clear department: nothing chosen");
      assert.equal(fields.category, undefined);
      assert.doesNotMatch(cardText(card), /Suggested/);
      const sentence = await teams.messageAction("demo-dana", channel("general"), "fetchTask", messagePayload({ html: "<p>Payroll is wrong this month. I got paid twice for March.</p>", author: "demo-ben" }));
      assert.equal(inputs(sentence.body.task.value.card.content).title!.value, "Payroll is wrong this month.", "the first sentence");
      // Continue in the dialog (Action.Submit with the verb): the form for the department chosen, nothing filed.
      const before = (await mine()).length;
      const next = await teams.messageAction("demo-dana", channel("general"), "submitAction", long, { verb: "new.department", department: "IT", title: "Who to ask" });
      const nextFields = inputs(next.body.task.value.card.content);
      assert.equal(nextFields.department!.value, "IT");
      assert.ok(nextFields.category!.choices.every((c: any) => c.value.startsWith("IT:")));
      assert.equal((await mine()).length, before, "nothing filed by Continue");
    });

    it("a submit with errors returns the dialog with the errors; no message payload gets a clear message", async () => {
      const other = messagePayload({ html: "hello", author: "demo-ben" });
      const r = await teams.messageAction("demo-dana", channel("general"), "submitAction", other, { department: "IT", title: "" });
      assert.match(cardText(r.body.task.value.card.content), /Write a title/);
      const none = await teams.messageAction("demo-dana", channel("general"), "fetchTask", undefined);
      assert.equal(none.body.task.type, "message");
      assert.match(none.body.task.value, /did not send the message/);
    });
  });

  describe("retries and bad input", () => {
    it("Teams retrying the same message activity files once and answers once", async () => {
      const before = (await mine()).length;
      const id = "retry-activity-0001";
      await teams.say("demo-dana", dana, "new IT Keyboard missing keys", { id });
      const second = await teams.say("demo-dana", dana, "new IT Keyboard missing keys", { id });
      assert.equal(second.replies.length, 0, "the retry is not answered twice");
      assert.equal((await mine()).length, before + 1);
    });

    it("a retried read is answered again (nothing to protect, and the first answer may be what was lost)", async () => {
      const id = "retry-activity-read";
      const first = await teams.say("demo-dana", dana, "my", { id });
      const second = await teams.say("demo-dana", dana, "my", { id });
      assert.equal(first.replies.length, 1);
      assert.equal(second.replies.length, 1);
    });

    it("a button pressed twice with the same activity id acts once", async () => {
      const filed = await teams.say("demo-dana", dana, "new IT Webcam blurry");
      const id = /Filed (IT-\d+)/.exec(cardText(filed.replies[0]!.activity))![1]!;
      const ben = personal("demo-ben");
      await teams.press("demo-ben", ben, "comment", { id, text: "Looking" }, { id: "press-1" });
      const again = await teams.press("demo-ben", ben, "comment", { id, text: "Looking" }, { id: "press-1" });
      assert.equal(again.status, 200);
      assert.match(cardText(again.card!), new RegExp(id));
      const r = await svc.call("GET", `/api/requests/${id}`, { token: await svc.token("ben") });
      assert.equal(r.body.history.filter((e: any) => e.kind === "comment").length, 1);
    });

    it("malformed bodies get 400 and a sentence; nothing crashes", async () => {
      for (const body of ["{not json", "[]", "42", JSON.stringify({ text: "no type" })]) {
        const r = await teams.post(body);
        assert.equal(r.status, 400, `${body}: ${JSON.stringify(r.body)}`);
        assert.match(r.body.error.message, /activity|not valid JSON/);
      }
      const noVerb = await teams.post(teams.activity("demo-dana", dana, { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute" } } }));
      assert.ok(noVerb.status === 400 || noVerb.body?.statusCode === 400, JSON.stringify(noVerb));
      const unknownVerb = await teams.press("demo-dana", dana, "explode", {});
      assert.match(cardText(unknownVerb.card!), /Unknown card action/);
      const ping = await svc.call("GET", "/healthz");
      assert.equal(ping.status, 200, "still up");
    });

    it("unknown ids, other people's requests and forbidden actions are refused in words", async () => {
      const missing = await teams.say("demo-dana", dana, "status IT-99999");
      assert.match(cardText(missing.replies[0]!.activity), /There is no request IT-99999/);
      const usage = await teams.say("demo-dana", dana, "take");
      assert.match(cardText(usage.replies[0]!.activity), /Try it like this: take IT-42/);
      const prioridad = await teams.say("demo-dana", dana, "prioridad IT-1 altísima");
      assert.match(cardText(prioridad.replies[0]!.activity), /Prueba así: prioridad IT-42 baja\|normal\|alta\|urgente/);
      const filed = await teams.say("demo-dana", dana, "new IT Chair squeaks");
      const id = /Filed (IT-\d+)/.exec(cardText(filed.replies[0]!.activity))![1]!;
      const take = await teams.say("demo-dana", dana, `take ${id}`);
      assert.match(cardText(take.replies[0]!.activity), new RegExp(`Only .* agents can take ${id}`));
      const cancelOther = await teams.say("demo-ben", personal("demo-ben"), `cancel ${id}`);
      assert.match(cardText(cancelOther.replies[0]!.activity), new RegExp(`Only the requester can cancel ${id}`));
    });

    it("a message without an Entra user (a guest, a malformed activity) is answered, and changes nothing", async () => {
      const before = (await mine()).length;
      const a = teams.activity("demo-dana", dana, { type: "message", text: "new IT Sneaky" });
      delete a.from.aadObjectId;
      const r = await teams.post(a);
      assert.equal(r.status, 200);
      await connector.waitFor((calls) => calls.some((c) => c.activityId === a.id), "the answer");
      assert.match(cardText(connector.calls.find((c) => c.activityId === a.id)!.activity), /did not tell me who you are/);
      assert.equal((await mine()).length, before);
    });

    it("what people type is never card markup: markdown and template syntax arrive as plain text runs", async () => {
      const title = "**urgent** [click](https://evil.example) ${title} {{DATE(2017-02-14T06:08:39Z,SHORT)}}";
      const r = await teams.say("demo-dana", dana, `new IT ${title}`);
      const card = cardsOf(r.replies[0]!.activity)[0]!;
      const json = JSON.stringify(card);
      const runs: string[] = [];
      const walk = (n: any, inRun = false): void => {
        if (Array.isArray(n)) return n.forEach((x) => walk(x, inRun));
        if (!n || typeof n !== "object") return;
        if (n.type === "TextBlock" && typeof n.text === "string") assert.ok(!n.text.includes("evil.example"), `typed text in a markdown TextBlock: ${n.text}`);
        if (n.type === "TextRun") runs.push(n.text);
        Object.values(n).forEach((x) => walk(x, inRun));
      };
      walk(card);
      assert.ok(runs.some((t) => t.includes("**urgent** [click](https://evil.example) ${title}")), runs.join("\n"));
      assert.ok(!json.includes("{{DATE("), "{{ is broken so Teams does not read a date function");
    });
  });
});
