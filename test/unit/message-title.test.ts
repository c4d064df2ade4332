import assert from "node:assert/strict";
import { MESSAGE_TITLE_MAX, titleFromMessage } from "../../bot/teams/message-action.ts";

/** The Teams message action's title: short, from the message's first sentence, never the whole message. */
describe("titleFromMessage (the message action's title)", () => {
  const cases: Array<[string, string, string]> = [
    ["a short one-line message is the title", "VPN drops every few minutes", "VPN drops every few minutes"],
    ["the first sentence of the first line", "Payroll is wrong this month. I got paid twice for March.", "Payroll is wrong this month."],
    ["a question ends a sentence too", "Can someone reset my badge? It stopped at the door.", "Can someone reset my badge?"],
    ["the first line, when it is not a sentence", "Projector room 3\nNo signal since this morning.", "Projector room 3"],
    ["blank lines before it are skipped", "\n\n  Printer jams  \nMore text", "Printer jams"],
    ["a full stop inside a short start is not a sentence's end", "e.g. the printer on floor 2 keeps jamming", "e.g. the printer on floor 2 keeps jamming"],
    ["a sentence in Japanese", "プリンターが動きません。至急お願いします。", "プリンターが動きません。"],
    ["nothing but spaces gives nothing", "  \n ", ""],
  ];
  for (const [what, text, title] of cases) it(what, () => assert.equal(titleFromMessage(text), title));

  it(`a long sentence is cut at a word's end, within ${MESSAGE_TITLE_MAX} characters, with "…"`, () => {
    const title = titleFromMessage("Hi all, quick question about something that has been bothering me for a while now and I am not sure who to ask. Thanks!");
    assert.ok(title.length <= MESSAGE_TITLE_MAX, title);
    assert.equal(title, "Hi all, quick question about something that has been bothering me for a while…");
  });

  it("a long word with no space near the end is cut where it must be", () => {
    const title = titleFromMessage(`See ${"x".repeat(200)}`);
    assert.equal(title.length, MESSAGE_TITLE_MAX);
    assert.ok(title.endsWith("…"));
  });
});
