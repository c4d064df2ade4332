import assert from "node:assert/strict";
import { startService, type TestService } from "../support/service.ts";

/**
 * Refusals in the reader's language: a refusal that has its sentence in every language is said
 * in Spanish to a Spanish Accept-Language (the tab and the add-in send their page's language);
 * the code, the status and the English sentence stay as they are.
 */
describe("API refusals in the reader's language", function () {
  let svc: TestService;
  before(async () => {
    svc = await startService({ demo: true });
  });
  after(() => svc?.close());

  it("a refused action and an unknown request answer in Spanish to a Spanish reader, in English otherwise, with the same code", async () => {
    const [dana, ben] = await Promise.all([svc.token("dana"), svc.token("ben")]);
    const filed = await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Docking station" } });
    assert.equal(filed.status, 201, filed.text);
    const id = filed.body.id as string;
    const cancel = await svc.call("POST", `/api/requests/${id}/actions`, { token: dana, body: { action: "cancel" } });
    assert.equal(cancel.status, 200, cancel.text);

    const take = (lang?: string) => svc.call("POST", `/api/requests/${id}/actions`, { token: ben, body: { action: "take" }, headers: lang ? { "Accept-Language": lang } : {} });
    const [en, es] = [await take(), await take("es-ES,es;q=0.9,en;q=0.5")];
    assert.equal(en.status, es.status);
    assert.equal(en.body.error.code, es.body.error.code);
    assert.notEqual(en.body.error.message, es.body.error.message, "said in Spanish");
    assert.match(en.body.error.message, new RegExp(id));
    assert.match(es.body.error.message, new RegExp(id));

    const missing = await svc.call("GET", "/api/requests/IT-99999", { token: dana, headers: { "Accept-Language": "es" } });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.message, "No existe la solicitud IT-99999.");
    const missingEn = await svc.call("GET", "/api/requests/IT-99999", { token: dana });
    assert.equal(missingEn.body.error.message, "There is no request IT-99999 that you can see.", "the English sentence as written");
  });
});
