import { startHarness } from "./harness.ts";
import { performance } from "node:perf_hooks";
const h = await startHarness();
const s = await h.section("p");
await s.department("PX", "Prof");
const tok = await s.svc.token({ userId: "u1", name: "U1" });
async function time(label: string, n: number, f: () => Promise<unknown>) {
  const l: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); await f(); l.push(performance.now() - t); }
  l.sort((a, b) => a - b); console.log(label, "p50", l[n >> 1].toFixed(3));
}
const actor = await s.svc.app.verifier.verify("Bearer " + tok);
const body = { department: "PX", title: "t", description: "d", category: "network" };
const real = s.svc.app.services.requests.create.bind(s.svc.app.services.requests);
const fixed = await real(actor, body);
const post = async () => { const r = await fetch(s.svc.url + "/api/requests", { method: "POST", headers: { authorization: "Bearer " + tok, "content-type": "application/json" }, body: JSON.stringify(body) }); await r.text(); };
(s.svc.app.services.requests as any).create = async () => fixed;
await time("http stub create", 300, post);
await time("http stub create", 300, post);
await time("healthz", 300, async () => { const r = await fetch(s.svc.url + "/healthz"); await r.text(); });
const v = s.svc.app.verifier.verify.bind(s.svc.app.verifier);
(s.svc.app.verifier as any).verify = async () => actor;
await time("http stub create+verify", 300, post);
await s.close(); await h.close();
