/**
 * No span names a person: e-mail addresses in URLs (a Graph lookup by address, a storage key of a
 * requester known only by address) become ":address" before a span is exported.
 */

/** An address anywhere in a URL or a name: plain, or percent-encoded once or twice. */
const ADDRESS = /[^\s/'"?&=(),]+(?:@|%40|%2540)[^\s/'"?&=(),]+/gi;

export const withoutAddresses = (text: string): string => text.replace(ADDRESS, ":address");

/** The parts of an ended span this touches (the SDK's span object; its fields are plain). */
interface EndedSpan {
  name: string;
  attributes: Record<string, unknown>;
}

/**
 * A span processor (the distro runs it before its exporting one) that takes addresses out of
 * every span's name and string attributes when the span ends.
 */
export const addressRedactor = {
  onStart(): void {},
  onEnd(span: unknown): void {
    const s = span as EndedSpan;
    const name = withoutAddresses(s.name);
    if (name !== s.name) s.name = name;
    for (const [key, value] of Object.entries(s.attributes)) {
      if (typeof value === "string" && value.length < 10_000) {
        const clean = withoutAddresses(value);
        if (clean !== value) s.attributes[key] = clean;
      }
    }
  },
  forceFlush: async (): Promise<void> => {},
  shutdown: async (): Promise<void> => {},
};
