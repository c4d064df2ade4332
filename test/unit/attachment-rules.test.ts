import assert from "node:assert/strict";
import { contentDisposition } from "../../bot/api/attachment-download.ts";
import { cleanContentType, cleanFileName, fileProblem, looksExecutable, requestProblem, servedContentType } from "../../shared/validation/attachments.ts";
import { LIMITS } from "../../shared/validation/limits.ts";

/** The attachment rules the service, the tab and the add-in share (shared/validation/attachments.ts). */
describe("attachment rules", () => {
  it("file names lose any path, control and bidi characters, Windows' reserved ones and edge dots; long ones keep their extension", () => {
    assert.equal(cleanFileName("../../etc/passwd"), "passwd");
    assert.equal(cleanFileName("C:\\Users\\dana\\report.docx"), "report.docx");
    assert.equal(cleanFileName("in\u202Egnp.exe"), "ingnp.exe");
    assert.equal(cleanFileName("a<b>:c|d?.txt"), "a_b__c_d_.txt");
    assert.equal(cleanFileName("  ..hidden.txt. . "), "hidden.txt");
    assert.equal(cleanFileName("../"), "");
    const long = cleanFileName(`${"x".repeat(300)}.pdf`);
    assert.equal([...long].length, LIMITS.attachmentFileNameMax);
    assert.ok(long.endsWith(".pdf"));
  });

  it("programs and scripts are refused by extension, declared type or content; sizes and counts have their limits", () => {
    assert.equal(fileProblem({ name: "x.EXE", size: 1 })?.code, "not_allowed");
    assert.equal(fileProblem({ name: "macro.xlsm", size: 1 })?.code, "not_allowed");
    assert.equal(fileProblem({ name: "x.bin2", size: 1, contentType: "application/x-msdownload" })?.code, "not_allowed");
    assert.equal(fileProblem({ name: "ok.pdf", size: 0 })?.code, "empty");
    assert.equal(fileProblem({ name: "ok.pdf", size: LIMITS.attachmentFileBytesMax + 1 })?.code, "too_large");
    assert.equal(fileProblem({ name: "ok.pdf", size: LIMITS.attachmentFileBytesMax }), undefined);
    assert.ok(looksExecutable(new Uint8Array([0x4d, 0x5a, 0, 0])));
    assert.ok(looksExecutable(new Uint8Array([0x7f, 0x45, 0x4c, 0x46])));
    assert.ok(!looksExecutable(new TextEncoder().encode("%PDF")));
    assert.equal(requestProblem(Array.from({ length: 20 }, () => ({ size: 1 })), 1)?.code, "too_many");
    assert.equal(requestProblem([{ size: 20 * 1024 * 1024 }], 5 * 1024 * 1024 + 1)?.code, "total_too_large");
    assert.equal(requestProblem([{ size: 20 * 1024 * 1024 }], 5 * 1024 * 1024), undefined);
  });

  it("a download declares only allow-listed types, and its file name both as ASCII and as UTF-8", () => {
    assert.equal(cleanContentType("Application/PDF; charset=x"), "application/pdf");
    assert.equal(cleanContentType("<script>"), "application/octet-stream");
    assert.equal(servedContentType("application/pdf"), "application/pdf");
    assert.equal(servedContentType("text/html"), "application/octet-stream");
    assert.equal(servedContentType("image/svg+xml"), "application/octet-stream");
    assert.equal(contentDisposition('año "final" 100%.pdf'), `attachment; filename="a_o _final_ 100_.pdf"; filename*=UTF-8''a%C3%B1o%20%22final%22%20100%25.pdf`);
  });
});
