import assert from "node:assert/strict";
import type { Response } from "restify";
import { sendError } from "../../bot/api/http.ts";
import { badRequest } from "../../bot/service/app-error.ts";
import { detail } from "../../shared/validation/index.ts";

/** Just enough of a response to read what sendError writes. */
function capture(): { res: Response; sent: () => { status: number; body: any } } {
  let status = 0;
  let text = "";
  const res = {
    headersSent: false,
    writeHead(s: number) {
      status = s;
    },
    end(chunk?: string) {
      text = chunk ?? "";
    },
  };
  return { res: res as unknown as Response, sent: () => ({ status, body: JSON.parse(text) }) };
}

describe("the API's error body", () => {
  it("keeps code, message and details as they were, with field and code on each detail", () => {
    const { res, sent } = capture();
    sendError(res, badRequest("title: too long.", [detail("title", "too_long", "must be at most 200 characters", 200)]));
    assert.deepEqual(sent(), {
      status: 400,
      body: { error: { code: "invalid_input", message: "title: too long.", details: [{ field: "title", path: "title", code: "too_long", limit: 200, message: "must be at most 200 characters" }] } },
    });
  });

  it("gives a detail written by hand with only a path its field and the code invalid", () => {
    const { res, sent } = capture();
    sendError(res, badRequest("category: nope.", [{ path: "category", message: "nope" }, "odd"]));
    assert.deepEqual(sent().body.error.details, [{ path: "category", message: "nope", field: "category", code: "invalid" }, "odd"]);
  });
});
