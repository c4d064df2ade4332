import type { Request, Response, Next, Server } from "restify";
import { sendJson } from "../api/http.ts";

/** How far the demo's history has come. */
export interface Preparing {
  done: number;
  total: number;
}

/**
 * While the demo's months of history are written (first start only), the API answers 503 with
 * how far it has come and when to ask again (the start page shows it in place of the people to
 * sign in as, and asks again); pages and health still answer. Returns the function that opens it.
 */
export function gateWhilePreparing(server: Server, progress: () => Preparing): () => void {
  let open = false;
  server.pre((req: Request, res: Response, next: Next) => {
    const path = (req.url ?? "").split("?")[0] ?? "";
    if (open || !path.startsWith("/api/")) return next();
    const { done, total } = progress();
    sendJson(res, 503, {
      error: {
        code: "preparing",
        message: `Tandem is writing the demo's six months of history (${done} of ${total} requests); the desk opens in a few seconds.`,
        details: { done, total },
      },
    }, { "Retry-After": "3" });
    return next(false);
  });
  return () => void (open = true);
}
