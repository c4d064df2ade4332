import { tokens } from "@fluentui/react-components";

/** One part of the Settings form: a titled box (its heading names it for screen readers). */
export function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section
      aria-labelledby={`settings-${id}`}
      data-testid={`settings-${id}`}
      style={{
        display: "flex",
        flexDirection: "column",
        gap: 12,
        padding: 16,
        minWidth: 0,
        border: `1px solid ${tokens.colorNeutralStroke2}`,
        borderRadius: tokens.borderRadiusLarge,
        background: tokens.colorNeutralBackground1,
      }}
    >
      <h3 id={`settings-${id}`} style={{ margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold }}>
        {title}
      </h3>
      {children}
    </section>
  );
}

/** Fields side by side where there is room, one under another on a phone. */
export const grid: React.CSSProperties = { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 200px), 1fr))", gap: 12, alignItems: "start" };

export const note: React.CSSProperties = { margin: 0, color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 };

/** An error under controls that share it (a window's two times): `id` is what they name in aria-describedby. */
export function InlineError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <span id={id} style={{ color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 }}>
      {message}
    </span>
  );
}
