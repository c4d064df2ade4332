import assert from "node:assert/strict";
import { BlobServiceClient } from "@azure/storage-blob";
import sinon from "sinon";
import { StorageUnavailableError } from "../../bot/storage/errors.ts";
import type { Attachment, RequestView } from "../../shared/domain.ts";
import { startService, type TestService } from "../support/service.ts";

const MiB = 1024 * 1024;

/**
 * Attachments over HTTP against the real Azurite (tables and blobs): a file's bytes go to Blob
 * Storage at <tenant>/<request id>/<uuid>, the request lists it and its history says so; the
 * download is a download (attachment disposition, nosniff, allow-listed type); every refusal
 * says why and stores nothing.
 */
describe("attachments (HTTP, Azurite tables and blobs)", function () {
  this.timeout(60_000);
  let svc: TestService;
  let dana: string;
  let ben: string;
  let diego: string;
  let alex: string;
  let outsider: string;
  let tenant: string;

  before(async () => {
    svc = await startService({ demo: true });
    [dana, ben, diego, alex] = await Promise.all([svc.token("dana"), svc.token("ben"), svc.token("diego"), svc.token("alex")]);
    outsider = await svc.token({ userId: "demo-ben", name: "Ben", tenantId: "11111111-2222-3333-4444-555555555555" });
    tenant = (await svc.call("GET", "/api/me", { token: dana })).body.tenantId;
  });
  after(async () => svc?.close());

  const file = async (requestId: string, token: string, name: string, bytes: Buffer | Uint8Array, contentType = "application/octet-stream") => {
    const res = await fetch(`${svc.url}/api/requests/${requestId}/attachments`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": contentType, "X-File-Name": encodeURIComponent(name) },
      body: new Uint8Array(bytes),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined, text };
  };
  const download = (requestId: string, aid: string, token: string) =>
    fetch(`${svc.url}/api/requests/${requestId}/attachments/${aid}`, { headers: { Authorization: `Bearer ${token}` } });
  const fresh = async (title = "Printer jams") => {
    const r = await svc.call<RequestView>("POST", "/api/requests", { token: dana, body: { department: "IT", title } });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const get = async (id: string) => (await svc.call<RequestView & { attachments?: Attachment[] }>("GET", `/api/requests/${id}`, { token: ben })).body;
  /** What Blob Storage holds for a request, read behind the service's back. */
  const blobsOf = async (requestId: string) => {
    const container = BlobServiceClient.fromConnectionString(process.env.TANDEM_TEST_STORAGE_DIRECT!).getContainerClient(`${svc.prefix}-attachments`);
    const names: string[] = [];
    if (!(await container.exists())) return names;
    for await (const b of container.listBlobsFlat({ prefix: `${tenant}/${requestId}/` })) names.push(b.name);
    return names;
  };

  it("the requester adds a file; the request lists it and its history says so; the agent downloads it as a download", async () => {
    const r = await fresh();
    const bytes = Buffer.from("%PDF-1.7\nquarterly figures\n");
    const up = await file(r.id, dana, "Informe año 2026.pdf", bytes, "application/pdf");
    assert.equal(up.status, 201, up.text);
    const a = up.body.attachment as Attachment;
    assert.equal(a.name, "Informe año 2026.pdf");
    assert.equal(a.size, bytes.length);
    assert.equal(a.contentType, "application/pdf");
    assert.equal(a.addedBy.name, "Dana Whitfield");

    const seen = await get(r.id);
    assert.deepEqual(seen.attachments?.map((x) => x.name), ["Informe año 2026.pdf"]);
    const event = seen.history?.find((h) => h.kind === "attachment");
    assert.equal(event?.text, "Informe año 2026.pdf");
    assert.equal(event?.actor?.name, "Dana Whitfield");
    const list = await svc.call("GET", `/api/requests/${r.id}/attachments`, { token: ben });
    assert.deepEqual(list.body.items.map((x: Attachment) => x.id), [a.id]);
    assert.deepEqual(await blobsOf(r.id), [`${tenant}/${r.id}/${a.id}`]);

    const res = await download(r.id, a.id, ben);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/pdf");
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("content-disposition"), `attachment; filename="Informe a_o 2026.pdf"; filename*=UTF-8''Informe%20a%C3%B1o%202026.pdf`);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
  });

  it("a file that claims to be a web page is sent as bytes to download, never as HTML", async () => {
    const r = await fresh();
    const up = await file(r.id, dana, "notes.html", Buffer.from("<script>alert(1)</script>"), "text/html");
    assert.equal(up.status, 201, up.text);
    const res = await download(r.id, up.body.attachment.id, dana);
    assert.equal(res.headers.get("content-type"), "application/octet-stream");
    assert.match(res.headers.get("content-disposition")!, /^attachment;/);
    assert.match(res.headers.get("content-security-policy")!, /sandbox/);
  });

  it("one byte over 10 MiB: 413 with a sentence; exactly 10 MiB is taken; nothing of the refused file is stored", async () => {
    const r = await fresh();
    const over = await file(r.id, dana, "video.mp4", Buffer.alloc(10 * MiB + 1, 1), "video/mp4");
    assert.equal(over.status, 413, over.text);
    assert.equal(over.body.error.code, "attachment_too_large");
    assert.match(over.body.error.message, /"video\.mp4" is larger than 10 MB, the limit for one file/);
    assert.equal((await get(r.id)).attachments, undefined);
    assert.deepEqual(await blobsOf(r.id), []);
    const exact = await file(r.id, dana, "video.mp4", Buffer.alloc(10 * MiB, 1), "video/mp4");
    assert.equal(exact.status, 201, exact.text);
  });

  it("25 MiB a request: the file that would pass it is refused with 413; the 21st file with 409; neither is stored", async () => {
    const r = await fresh();
    for (const n of [1, 2]) assert.equal((await file(r.id, dana, `part${n}.zip`, Buffer.alloc(10 * MiB, n), "application/zip")).status, 201);
    const third = await file(r.id, dana, "part3.zip", Buffer.alloc(5 * MiB + 1, 3), "application/zip");
    assert.equal(third.status, 413, third.text);
    assert.equal(third.body.error.code, "attachments_total_too_large");
    assert.match(third.body.error.message, /past 25 MB in all/);
    assert.equal((await get(r.id)).attachments?.length, 2);
    assert.equal((await blobsOf(r.id)).length, 2);

    const many = await fresh("Many screenshots");
    for (let i = 1; i <= 20; i++) assert.equal((await file(many.id, dana, `shot${i}.png`, Buffer.from([0x89, 0x50, i]), "image/png")).status, 201);
    const extra = await file(many.id, dana, "shot21.png", Buffer.from([0x89, 0x50, 21]), "image/png");
    assert.equal(extra.status, 409, extra.text);
    assert.equal(extra.body.error.code, "attachments_too_many");
    assert.match(extra.body.error.message, /20 files already/);
    assert.equal((await get(many.id)).attachments?.length, 20);
    assert.equal((await blobsOf(many.id)).length, 20);
  });

  it("a 0-byte file is refused with a sentence; names with path or control characters are cleaned; a name of only dots is refused", async () => {
    const r = await fresh();
    const empty = await file(r.id, dana, "empty.txt", Buffer.alloc(0), "text/plain");
    assert.equal(empty.status, 400, empty.text);
    assert.equal(empty.body.error.code, "attachment_empty");
    assert.match(empty.body.error.message, /"empty\.txt" is empty \(0 bytes\)/);

    const names: Array<[string, string]> = [
      ["../../etc/passwd.txt", "passwd.txt"],
      ["a\\b.txt", "b.txt"],
      ["bell\u0007\u202eexe.txt", "bellexe.txt"],
      ['what?"now".txt', "what__now_.txt"],
    ];
    for (const [sent, kept] of names) {
      const up = await file(r.id, dana, sent, Buffer.from("x"), "text/plain");
      assert.equal(up.status, 201, up.text);
      assert.equal(up.body.attachment.name, kept);
    }
    const dots = await file(r.id, dana, "../..", Buffer.from("x"), "text/plain");
    assert.equal(dots.status, 400, dots.text);
    assert.equal(dots.body.error.code, "attachment_name_required");
    const noName = await fetch(`${svc.url}/api/requests/${r.id}/attachments`, { method: "POST", headers: { Authorization: `Bearer ${dana}` }, body: "x" });
    assert.equal(noName.status, 400);
    assert.equal((await get(r.id)).attachments?.length, names.length);
    assert.equal((await blobsOf(r.id)).length, names.length);
  });

  it("programs and scripts are refused (by name, by declared type, and a program named .pdf), with a sentence; nothing stored", async () => {
    const r = await fresh();
    for (const [name, type, bytes] of [
      ["setup.exe", "application/octet-stream", Buffer.from("MZ\x90\x00")],
      ["fix.PS1", "text/plain", Buffer.from("Remove-Item C:\\")],
      ["tool.bin2", "application/x-msdownload", Buffer.from("hello")],
      ["invoice.pdf", "application/pdf", Buffer.from("MZ\x90\x00rest of a program")],
    ] as const) {
      const up = await file(r.id, dana, name, bytes, type);
      assert.equal(up.status, 415, `${name}: ${up.text}`);
      assert.equal(up.body.error.code, "attachment_type_not_allowed");
      assert.match(up.body.error.message, /programs and scripts .* cannot be attached/);
    }
    assert.equal((await get(r.id)).attachments, undefined);
    assert.deepEqual(await blobsOf(r.id), []);
  });

  it("who: the requester, the department's agents and admins; another department's agent is refused (403), another tenant sees nothing (404)", async () => {
    const r = await fresh();
    const up = await file(r.id, ben, "log.txt", Buffer.from("agent's log"), "text/plain");
    assert.equal(up.status, 201, up.text);
    const aid = up.body.attachment.id as string;
    for (const token of [dana, ben, alex]) assert.equal((await download(r.id, aid, token)).status, 200);

    const stranger = await file(r.id, diego, "x.txt", Buffer.from("x"), "text/plain");
    assert.equal(stranger.status, 403, stranger.text);
    assert.equal((await download(r.id, aid, diego)).status, 403);
    assert.equal((await svc.call("GET", `/api/requests/${r.id}/attachments`, { token: diego })).status, 403);

    const other = await file(r.id, outsider, "x.txt", Buffer.from("x"), "text/plain");
    assert.equal(other.status, 404, other.text);
    assert.equal((await download(r.id, aid, outsider)).status, 404);
    assert.equal((await download(r.id, "not-a-file", dana)).status, 404);
    assert.equal((await fetch(`${svc.url}/api/requests/${r.id}/attachments/${aid}`)).status, 401);

    assert.equal((await get(r.id)).attachments?.length, 1);
    assert.equal((await blobsOf(r.id)).length, 1);
  });

  it("two files added at once both land (the second write re-reads the request instead of overwriting it)", async () => {
    const r = await fresh();
    const [one, two] = await Promise.all([
      file(r.id, dana, "one.txt", Buffer.from("1"), "text/plain"),
      file(r.id, ben, "two.txt", Buffer.from("2"), "text/plain"),
    ]);
    assert.equal(one.status, 201, one.text);
    assert.equal(two.status, 201, two.text);
    assert.deepEqual((await get(r.id)).attachments?.map((a) => a.name).sort(), ["one.txt", "two.txt"]);
  });

  it("the request's write fails after the blob was stored: 503, and the blob is removed (nothing half-written)", async () => {
    const r = await fresh();
    const save = sinon.stub(svc.app.services.requests, "save").rejects(new StorageUnavailableError(new Error("table write lost")));
    try {
      const up = await file(r.id, dana, "late.txt", Buffer.from("late"), "text/plain");
      assert.equal(up.status, 503, up.text);
      assert.equal(up.headers.get("retry-after"), "5");
      assert.equal(save.callCount, 1, "the blob was stored and the request's write tried");
    } finally {
      save.restore();
    }
    assert.deepEqual(await blobsOf(r.id), [], "the stored blob was deleted again");
    assert.equal((await get(r.id)).attachments, undefined);
  });

  it("an account with no blob endpoint (a table-only emulator): the desk works, and a file is refused with 503 saying what to set", async () => {
    const tableOnly = process.env.TANDEM_TEST_STORAGE!.replace(/BlobEndpoint=[^;]+;?/, "");
    const bare = await startService({ demo: true, connectionString: tableOnly });
    try {
      const token = await bare.token("dana");
      const r = await bare.call<RequestView>("POST", "/api/requests", { token, body: { department: "IT", title: "No blobs here" } });
      assert.equal(r.status, 201, r.text);
      const res = await fetch(`${bare.url}/api/requests/${r.body.id}/attachments`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "X-File-Name": "a.txt", "Content-Type": "text/plain" }, body: "a" });
      assert.equal(res.status, 503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, "attachments_unavailable");
      assert.match(body.error.message, /names no blob endpoint.*AZURE_STORAGE_CONNECTION_STRING/);
      assert.equal((await bare.call<RequestView>("GET", `/api/requests/${r.body.id}`, { token })).body.attachments, undefined);
    } finally {
      await bare.close();
    }
  });
});
