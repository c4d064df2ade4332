/**
 * Named points between two writes where a test may kill the process (TANDEM_CRASH_AT=<name>),
 * to prove the repair path brings the second write about after a restart. Only honoured in
 * development identity mode: a production service never reads it.
 */
const armed = process.env.AUTH_MODE !== "entra" && !process.env.ENTRA_CLIENT_ID ? process.env.TANDEM_CRASH_AT : undefined;

/** Dies at once (SIGKILL: no handlers, no flush) when `name` is the armed crash point. */
export function crashPoint(name: string): void {
  if (armed && armed === name) process.kill(process.pid, "SIGKILL");
}
