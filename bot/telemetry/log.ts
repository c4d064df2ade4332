/**
 * The service's log lines: one JSON object per line (`time`, `level`, `message`, then the
 * fields), so App Service's log stream and any collector read them without parsing sentences.
 * They leave through `console` as before (info on stdout, warnings and errors on stderr), so
 * whatever watched the console still sees each line once. With telemetry on, each line is also
 * a log record in Application Insights (see azure-monitor.ts), tied to the request it happened in.
 */
export type Level = "info" | "warn" | "error";
export type Fields = Record<string, unknown>;

/** Where records go besides the console (OpenTelemetry's logger, when telemetry is on). */
export type LogSink = (level: Level, message: string, fields: Fields) => void;

/** Writes one finished line (no newline) of a level. */
export type LogOutput = (level: Level, line: string) => void;

// Looked up at each line: tests replace console's methods to watch what is said.
const toConsole: LogOutput = (level, line) => (level === "info" ? console.log(line) : level === "warn" ? console.warn(line) : console.error(line));

let sink: LogSink | undefined;
let output: LogOutput = toConsole;
// A person at a terminal (`npm start`) reads sentences; everything else (App Service, pipes, tests) gets JSON.
let text = !!process.stdout.isTTY;

export const log = {
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};

/** Also hands every record to `s` (undefined: stop). A failing sink never breaks the caller. */
export function sendLogsTo(s: LogSink | undefined): void {
  sink = s;
}

/** Tests: capture the lines (no argument: the console again), and choose JSON or text. */
export function setLogOutput(out: LogOutput = toConsole, opts: { text?: boolean } = {}): void {
  output = out;
  text = opts.text ?? !!process.stdout.isTTY;
}

function write(level: Level, message: string, fields: Fields = {}): void {
  if (text) {
    const extra = Object.keys(fields).length ? ` ${stringify(fields)}` : "";
    output(level, `${message}${extra}`);
  } else {
    // Blank lines that space out a terminal's output mean nothing in a record.
    output(level, stringify({ time: new Date().toISOString(), level, message: message.trim(), ...fields }));
  }
  try {
    sink?.(level, message, fields);
  } catch {
    // Telemetry trouble must not turn a log line into a failure of the work being logged.
  }
}

/** JSON that keeps what an Error holds (JSON.stringify alone writes `{}`) and survives cycles. */
function stringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Error) return describeError(v);
    if (typeof v === "bigint") return v.toString();
    if (v && typeof v === "object") {
      if (seen.has(v)) return "[circular]";
      seen.add(v);
    }
    return v;
  });
}

/** An error as plain data: name, message, stack, and the status or code storage and HTTP errors carry. */
export function describeError(err: Error): Record<string, unknown> {
  const e = err as Error & { code?: unknown; statusCode?: unknown; cause?: unknown };
  return {
    name: e.name,
    message: e.message,
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.statusCode !== undefined ? { statusCode: e.statusCode } : {}),
    stack: e.stack,
    ...(e.cause !== undefined ? { cause: e.cause instanceof Error ? describeError(e.cause) : e.cause } : {}),
  };
}
