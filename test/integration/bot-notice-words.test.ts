import assert from "node:assert/strict";
import { actionsOf, cardText, cardsOf, type ConnectorCall } from "../support/bot-connector.ts";
import { personal, startBot } from "../support/teams.ts";

/** Everything in a card that Teams reads as markdown (TextBlock text, FactSet values): people's words must never be there. */
function markdownTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => markdownTexts(n, out));
  else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (o.type === "TextBlock" && typeof o.text === "string") out.push(o.text);
    if (o.type === "Fact" || (typeof o.title === "string" && typeof o.value === "string" && !o.type)) out.push(String(o.value));
    for (const v of Object.values(o)) if (v && typeof v === "object") markdownTexts(v, out);
  }
  return out;
}

/** Every TextRun's text in a card (shown literally by Teams). */
function textRuns(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => textRuns(n, out));
  else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (o.type === "TextRun" && typeof o.text === "string") out.push(o.text);
    for (const v of Object.values(o)) if (v && typeof v === "object") textRuns(v, out);
  }
  return out;
}

/** The reply box of a card: its input and its button, if any. */
function replyBox(card: Record<string, any>) {
  const inputs: Array<Record<string, any>> = [];
  const buttons: Array<Record<string, any>> = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== "object") return;
    const o = n as Record<string, any>;
    if (o.type === "Input.Text" && o.id === "reply") inputs.push(o);
    if (o.type === "Action.Execute" && o.verb === "reply") buttons.push(o);
    Object.values(o).forEach(walk);
  };
  walk(card.body);
  return { input: inputs[0], button: buttons[0] };
}

/**
 * DESIGN.md "Teams bot": a notice carries the words (the comment, the question asked of the
 * requester, the resolution note), clipped and shown literally, and a reply box that comments
 * in place; a reply to a question resumes the clock. `status` shows the public thread.
 */
describe("Teams notices carry the words and answer in place", function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof startBot>>;
  let now = Date.parse("2026-03-02T09:00:00Z"); // a Monday, 10:00 in Madrid
  const chat = (u: string) => personal(u).conversationId;
  const idle = () => bot.svc.app.notifier!.idle();
  const posts = (u: string): ConnectorCall[] => bot.connector.to(chat(u)).filter((c) => c.method === "POST" && !bot.teams.sent.has(c.activityId ?? ""));
  const lastPost = (u: string) => posts(u).at(-1);
  const token = (u: string) => bot.svc.token(u);
  const act = async (u: string, id: string, body: Record<string, unknown>) => {
    const res = await bot.svc.call("POST", `/api/requests/${id}/actions`, { token: await token(u), body });
    assert.equal(res.status, 200, res.text);
    await idle();
    return res.body;
  };
  const file = async (title: string) => {
    const res = await bot.svc.call("POST", "/api/requests", { token: await token("dana"), body: { department: "IT", title } });
    assert.equal(res.status, 201, res.text);
    await idle();
    return res.body.id as string;
  };
  const speak = async (u: string, locale: "en-US" | "es-ES") => {
    await bot.teams.say(u, personal(u), locale === "es-ES" ? "ayuda" : "help", { locale });
  };

  before(async () => {
    bot = await startBot({ clock: () => now });
    for (const u of ["demo-dana", "demo-ben", "demo-ana"]) await bot.teams.say(u, personal(u), "hi");
  });
  after(() => bot?.close());

  for (const [locale, words] of [
    ["en-US", { asks: /needs something from you on (IT-\d+)\. Answer in the box below/, wrote: "Ben Okafor wrote:", resolved: /Ben Okafor resolved/, comment: /Ben Okafor commented on/, replied: /Dana Whitfield replied on/, reply: "Reply", rated: /Dana Whitfield rated/ }],
    ["es-ES", { asks: /necesita algo de ti en (IT-\d+)\. Responde en el cuadro de abajo/, wrote: "Ben Okafor escribió:", resolved: /Ben Okafor ha resuelto/, comment: /Ben Okafor ha comentado en/, replied: /Dana Whitfield ha respondido en/, reply: "Responder", rated: /Dana Whitfield ha valorado/ }],
  ] as const) {
    it(`${locale}: the comment, the question, the requester's answer and the resolution note each reach the reader, with a reply box`, async () => {
      await speak("demo-dana", locale);
      await speak("demo-ben", locale);
      const id = await file(`Printer jams (${locale})`);
      await act("ben", id, { action: "take" });

      await act("ben", id, { action: "comment", text: "Ordered a new roller." });
      let told = lastPost("demo-dana")!;
      assert.match(cardText(told.activity), words.comment);
      assert.ok(textRuns(told.activity).includes(words.wrote), cardText(told.activity));
      assert.ok(textRuns(told.activity).includes("Ordered a new roller."), cardText(told.activity));

      await act("ben", id, { action: "wait", text: "Which printer, the one by the window?" });
      told = lastPost("demo-dana")!;
      assert.match(cardText(told.activity), words.asks);
      assert.ok(textRuns(told.activity).includes("Which printer, the one by the window?"), "the question itself is on the card");
      const box = replyBox(cardsOf(told.activity)[0]!);
      assert.ok(box.input && box.button, "the card has a reply box");
      assert.equal(box.button.title, words.reply);
      assert.equal(box.button.data.id, id);
      assert.ok(!actionsOf(cardsOf(told.activity)[0]!).some((a) => a.verb === "comment"), "no second way to comment on the same card");

      await act("dana", id, { action: "comment", text: "Yes, by the window." });
      told = lastPost("demo-ben")!;
      assert.match(cardText(told.activity), words.replied);
      assert.ok(textRuns(told.activity).includes("Yes, by the window."), cardText(told.activity));
      assert.ok(replyBox(cardsOf(told.activity)[0]!).input, "the assignee can answer in place too");

      await act("ben", id, { action: "resolve", text: "Replaced the roller." });
      told = lastPost("demo-dana")!;
      assert.match(cardText(told.activity), words.resolved);
      assert.ok(textRuns(told.activity).includes("Replaced the roller."), cardText(told.activity));

      // The rating's comment reaches the assignee with the score.
      await act("dana", id, { action: "rate", score: 5, effort: 7, comment: "Quick, thanks!" });
      told = lastPost("demo-ben")!;
      assert.match(cardText(told.activity), words.rated);
      assert.ok(textRuns(told.activity).includes("Quick, thanks!"), cardText(told.activity));
    });
  }

  it("what people typed shows as typed: markdown, HTML, links and templating are text, never markup", async () => {
    await speak("demo-dana", "en-US");
    const id = await file("Markup test");
    await act("ben", id, { action: "take" });
    const typed = "**bold** <b>x</b> [l](http://e) ${x} {{DATE(2026-01-01T00:00:00Z)}} _it_";
    await act("ben", id, { action: "comment", text: typed });
    const told = lastPost("demo-dana")!;
    const card = cardsOf(told.activity)[0]!;
    // In a TextRun (never read as markdown), `{{` broken so Teams cannot read a DATE() function, the rest as typed.
    assert.ok(textRuns(card).includes(typed.replace("{{", "{\u2060{")), JSON.stringify(textRuns(card)));
    for (const md of markdownTexts(card)) assert.ok(!md.includes("**bold**") && !md.includes("<b>") && !md.includes("${x}"), `markdown text holds what was typed: ${md}`);
  });

  it("a long comment is clipped to a readable length, with an ellipsis", async () => {
    const id = await file("Long comment");
    await act("ben", id, { action: "take" });
    const long = "word ".repeat(400).trim();
    await act("ben", id, { action: "comment", text: long });
    const runs = textRuns(cardsOf(lastPost("demo-dana")!.activity)[0]!);
    const shown = runs.find((r) => r.startsWith("word word"));
    assert.ok(shown, JSON.stringify(runs));
    assert.ok(shown!.length <= 600 && shown!.endsWith("…"), `${shown!.length} characters`);
  });

  it("an internal note is never told to the requester, nor shown in her thread", async () => {
    const id = await file("Internal note");
    await act("ben", id, { action: "take" });
    const before = posts("demo-dana").length;
    await act("ben", id, { action: "comment", text: "Secret: the vendor is late again", public: false });
    assert.equal(posts("demo-dana").length, before, "no notice for an internal note");
    const status = await bot.teams.say("demo-dana", personal("demo-dana"), `status ${id}`);
    assert.doesNotMatch(cardText(status.replies[0]!.activity), /Secret/);
    const staff = await bot.teams.say("demo-ben", personal("demo-ben"), `status ${id}`);
    assert.doesNotMatch(cardText(staff.replies[0]!.activity), /Secret/, "the thread is the public one, whoever asks");
  });

  it("the reply box answers in place: the request resumes, its clock runs again, the card shows the reply and no box, the assignee is told", async () => {
    await speak("demo-dana", "en-US");
    await speak("demo-ben", "en-US");
    const id = await file("VPN drops");
    await act("ben", id, { action: "take" });
    await act("ben", id, { action: "wait", text: "Which office are you in?" });
    const waiting = (await bot.svc.call("GET", `/api/requests/${id}`, { token: await token("dana") })).body;
    assert.equal(waiting.status, "waiting");
    assert.equal(waiting.sla.resolution.state, "paused");
    const box = replyBox(cardsOf(lastPost("demo-dana")!.activity)[0]!);

    // Empty: refused on the card, nothing changes.
    const empty = await bot.teams.press("demo-dana", personal("demo-dana"), "reply", { ...box.button.data, reply: "   " });
    assert.equal(empty.status, 200);
    assert.match(cardText(empty.card!), /Write something before you send it/);
    const unchanged = (await bot.svc.call("GET", `/api/requests/${id}`, { token: await token("dana") })).body;
    assert.equal(unchanged.history.length, waiting.history.length, "nothing was written");
    assert.equal(unchanged.status, "waiting");

    now += 30 * 60_000;
    const before = posts("demo-ben").length;
    const pressed = await bot.teams.press("demo-dana", personal("demo-dana"), "reply", { ...box.button.data, reply: "Madrid, **3rd** floor" });
    assert.equal(pressed.status, 200);
    const card = pressed.card!;
    assert.match(cardText(card), new RegExp(`Your reply is on ${id}`));
    assert.ok(textRuns(card).includes("Madrid, **3rd** floor"), "the reply shown, as typed");
    assert.ok(textRuns(card).includes("Which office are you in?"), "with the question it answers");
    assert.equal(replyBox(card).input, undefined, "the box is gone");
    const after = (await bot.svc.call("GET", `/api/requests/${id}`, { token: await token("dana") })).body;
    assert.equal(after.status, "in_progress");
    assert.notEqual(after.sla.resolution.state, "paused", "the clock runs again");
    await idle();
    const told = posts("demo-ben").slice(before);
    assert.equal(told.length, 1, "Ben is told once");
    assert.match(cardText(told[0]!.activity), new RegExp(`Dana Whitfield replied on ${id}`));
    assert.ok(textRuns(told[0]!.activity).includes("Madrid, **3rd** floor"));
  });

  it("a reply box pressed by someone who cannot see the request changes nothing", async () => {
    const id = await file("Not yours");
    const res = await bot.teams.press("demo-hugo", personal("demo-hugo"), "reply", { id, reply: "I can see this?" });
    assert.equal(res.status, 200);
    assert.match(cardText(res.card!), new RegExp(`There is no request ${id}`));
    const stored = (await bot.svc.call("GET", `/api/requests/${id}`, { token: await token("dana") })).body;
    assert.ok(!(stored.history ?? []).some((h: any) => h.text === "I can see this?"));
  });

  it("a reply too long, or without a request id, is refused on the card and changes nothing", async () => {
    await speak("demo-dana", "en-US");
    const id = await file("Too long");
    const before = (await bot.svc.call("GET", `/api/requests/${id}`, { token: await token("dana") })).body.history.length;
    const long = await bot.teams.press("demo-dana", personal("demo-dana"), "reply", { id, reply: "x".repeat(40_000) });
    assert.equal(long.status, 200);
    assert.match(cardText(long.card!), /32,?000|too long/i);
    const noId = await bot.teams.press("demo-dana", personal("demo-dana"), "reply", { reply: "hello" });
    assert.match(cardText(noId.card!), /does not say which request/);
    const after = (await bot.svc.call("GET", `/api/requests/${id}`, { token: await token("dana") })).body.history.length;
    assert.equal(after, before, "nothing was written");
  });

  it("the reply box sent as an Action.Submit (older Teams clients) comments too, answered with the card", async () => {
    const id = await file("Submit path");
    const res = await bot.teams.say("demo-dana", personal("demo-dana"), "", { value: { verb: "reply", id, reply: "Sent from an older client" } });
    assert.match(cardText(res.replies[0]!.activity), new RegExp(`Your reply is on ${id}`));
    const stored = (await bot.svc.call("GET", `/api/requests/${id}`, { token: await token("dana") })).body;
    assert.ok(stored.history.some((e: any) => e.kind === "comment" && e.text === "Sent from an older client"));
  });

  it("status shows the public thread, newest last, in the reader's language", async () => {
    await speak("demo-dana", "es-ES");
    const id = await file("Thread");
    await act("ben", id, { action: "take" });
    await act("ben", id, { action: "comment", text: "First comment" });
    await act("dana", id, { action: "comment", text: "Second comment" });
    const status = await bot.teams.say("demo-dana", personal("demo-dana"), `estado ${id}`, { locale: "es-ES" });
    const text = cardText(status.replies[0]!.activity);
    assert.match(text, /Conversación/);
    const first = text.indexOf("First comment");
    const second = text.indexOf("Second comment");
    assert.ok(first > 0 && second > first, text);
  });
});
