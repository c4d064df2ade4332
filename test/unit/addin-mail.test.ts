import assert from "node:assert/strict";
import { OfficeMockObject } from "office-addin-mock";
import { MailReadError, officeIsDark, officeLocale, readMessage } from "../../addin/src/mail.ts";

/** An Outlook read-mode message as office-addin-mock's seed (host "outlook", the enums included). */
function seed(item: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) {
  return {
    host: "outlook",
    CoercionType: { Text: "text", Html: "html" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    context: {
      displayLanguage: "en-US",
      mailbox: { item },
      ...extra,
    },
  };
}

function message(over: Record<string, unknown> = {}, body: { text?: string; error?: string } = { text: "Hello" }) {
  const asked: unknown[] = [];
  const item = {
    itemType: "message",
    itemId: "AAMkAD-1",
    subject: "RE: Laptop",
    from: { displayName: "Mario Rossi", emailAddress: "mario@fabrikam.example" },
    sender: { displayName: "Assistant", emailAddress: "assistant@fabrikam.example" },
    dateTimeCreated: new Date("2026-01-05T09:30:00Z"),
    internetMessageId: "<abc@fabrikam.example>",
    conversationId: "conv-1",
    attachments: [
      { id: "a1", name: "screen.mp4", size: 4_200_000, contentType: "video/mp4", isInline: false, attachmentType: "file" },
      { id: "a2", name: "logo.png", size: 2_000, contentType: "image/png", isInline: true, attachmentType: "file" },
    ],
    body: {
      getAsync(coercionType: unknown, callback: (r: unknown) => void) {
        asked.push(coercionType);
        if (body.error) callback({ status: "failed", error: { message: body.error } });
        else callback({ status: "succeeded", value: body.text });
      },
    },
    ...over,
  };
  return { item, asked };
}

const office = (s: object) => new OfficeMockObject(s as never) as unknown as Parameters<typeof readMessage>[0];

describe("add-in: reading the open email (office-addin-mock)", () => {
  it("reads subject, text body (asked as CoercionType.Text), from, received time, ids and non-inline attachments", async () => {
    const { item, asked } = message({}, { text: "Hello,\r\nthe screen flickers." });
    const mail = await readMessage(office(seed(item)));
    assert.deepEqual(asked, ["text"]);
    assert.deepEqual(mail, {
      internetMessageId: "<abc@fabrikam.example>",
      conversationId: "conv-1",
      itemId: "AAMkAD-1",
      subject: "RE: Laptop",
      body: "Hello,\r\nthe screen flickers.",
      from: { name: "Mario Rossi", email: "mario@fabrikam.example" },
      receivedAt: "2026-01-05T09:30:00.000Z",
      attachments: [{ id: "a1", name: "screen.mp4", size: 4_200_000, contentType: "video/mp4" }],
      importance: undefined,
    });
  });

  it("falls back to the sender when there is no from; empty subject and body stay empty", async () => {
    const { item } = message({ from: undefined, subject: "", attachments: [] }, { text: "" });
    const mail = await readMessage(office(seed(item)));
    assert.deepEqual(mail.from, { name: "Assistant", email: "assistant@fabrikam.example" });
    assert.equal(mail.subject, "");
    assert.equal(mail.body, "");
    assert.deepEqual(mail.attachments, []);
  });

  it("keeps many attachments with odd metadata usable (no name, no type, no size)", async () => {
    const attachments = Array.from({ length: 120 }, (_, i) => ({ id: `a${i}`, name: i === 0 ? "" : `f${i}.pdf`, size: i === 1 ? Number.NaN : i, contentType: i === 2 ? "" : "application/pdf", isInline: false }));
    const { item } = message({ attachments });
    const mail = await readMessage(office(seed(item)));
    assert.equal(mail.attachments.length, 120);
    assert.deepEqual(mail.attachments[0], { id: "a0", name: "attachment", size: 0, contentType: "application/pdf" });
    assert.equal(mail.attachments[1]!.size, 0);
    assert.equal(mail.attachments[2]!.contentType, "application/octet-stream");
  });

  it("a body Outlook cannot give rejects with words, and no item / an appointment are told apart", async () => {
    const { item } = message({}, { error: "The item is being saved" });
    await assert.rejects(readMessage(office(seed(item))), (e: unknown) => e instanceof MailReadError && e.code === "body_failed" && /The item is being saved/.test(e.message));
    await assert.rejects(readMessage(office(seed(undefined))), (e: unknown) => e instanceof MailReadError && e.code === "no_item");
    const appt = message({ itemType: "appointment" }).item;
    await assert.rejects(readMessage(office(seed(appt))), (e: unknown) => e instanceof MailReadError && e.code === "not_a_message");
  });

  it("reads non-Latin subjects and bodies unchanged", async () => {
    const { item } = message({ subject: "RE: 経費精算", from: { displayName: "سارة", emailAddress: "sara@fabrikam.example" } }, { text: "お疲れ様です。\nمرحبا" });
    const mail = await readMessage(office(seed(item)));
    assert.equal(mail.subject, "RE: 経費精算");
    assert.equal(mail.body, "お疲れ様です。\nمرحبا");
    assert.equal(mail.from.name, "سارة");
  });

  it("the locale follows Outlook's display language; the theme its background", () => {
    assert.equal(officeLocale(office(seed(undefined, { displayLanguage: "es-MX" }))), "es");
    assert.equal(officeLocale(office(seed(undefined, { displayLanguage: "en-GB" }))), "en");
    assert.equal(officeLocale(undefined), "en");
    assert.equal(officeIsDark({ context: { officeTheme: { bodyBackgroundColor: "#262626" } } }), true);
    assert.equal(officeIsDark({ context: { officeTheme: { bodyBackgroundColor: "#ffffff" } } }), false);
    assert.equal(officeIsDark({ context: {} }), undefined);
  });
});
