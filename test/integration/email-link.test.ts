import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { historyLine } from "../../shared/history.ts";
import { startService, type TestService } from "../support/service.ts";

/** A converted email keeps a link to itself only when that link leads to Outlook. */
describe("the link of a converted email", function () {
  this.timeout(30_000);
  let svc: TestService;
  let dana: string;
  let ben: string;

  before(async () => {
    svc = await startService({ demo: true });
    [dana, ben] = await Promise.all([svc.token("dana"), svc.token("ben")]);
  });
  after(() => svc?.close());

  const convert = (webLink: string) =>
    svc.call("POST", "/api/requests/from-email", {
      token: dana,
      body: {
        internetMessageId: `<${randomUUID()}@contoso.example>`,
        subject: "VPN drops every hour",
        body: "Since Monday.",
        from: { name: "Dana Whitfield", email: "dana@contoso.example" },
        department: "IT",
        webLink,
      },
    });

  it("keeps a link to Outlook on the web", async () => {
    const link = "https://outlook.office.com/mail/inbox/id/AAQkAGI2TG93AAA%3D";
    const res = await convert(link);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.request.source.link, link);
    assert.equal(res.body.request.email.webLink, link);
  });

  for (const link of ["https://evil.example/outlook.office.com/mail", "https://outlook.office.com.evil.example/mail", "https://user@outlook.office.com:8443/mail"]) {
    it(`drops ${link} and tells the department why, in the history`, async () => {
      const res = await convert(link);
      assert.equal(res.status, 201, res.text);
      const id = res.body.request.id;
      assert.equal(res.body.request.source.link, undefined, "no link kept as the source");
      assert.equal(res.body.request.email.webLink, undefined, "nor with the email");
      assert.ok(!res.text.includes(link), "the link appears nowhere in the answer");

      const seenByStaff = await svc.call("GET", `/api/requests/${id}`, { token: ben });
      const notice = seenByStaff.body.history.find((e: { kind: string }) => e.kind === "notice");
      assert.ok(notice, `the history tells IT: ${JSON.stringify(seenByStaff.body.history)}`);
      assert.match(historyLine(notice, "en").line, new RegExp(`went to ${new URL(link).hostname.replace(/\./g, "\\.")}, not to Outlook`));
      assert.match(historyLine(notice, "es").line, /no a Outlook/);

      const seenByRequester = await svc.call("GET", `/api/requests/${id}`, { token: dana });
      assert.ok(!seenByRequester.body.history.some((e: { kind: string }) => e.kind === "notice"), "a staff note, not the requester's business");
    });
  }

  it("still refuses a link that is not https, naming the field", async () => {
    const res = await convert("javascript:alert(1)");
    assert.equal(res.status, 400, res.text);
    assert.match(res.body.error.message, /webLink/);
  });
});
