/**
 * Sample emails for trying the pane in a browser (`/addin/?demo=1`, `?demo=2`, ...), without
 * Outlook. Loaded only in that case. A new id each time the page is opened unless `demo`
 * names one, so a demo can be converted again.
 */
import type { MailAttachment, MailMessage } from "./mail.ts";

const SAMPLES: Array<Omit<MailMessage, "internetMessageId">> = [
  {
    subject: "RE: FW: VPN keeps dropping since Monday",
    body: "Hi IT,\n\nThe VPN disconnects every few minutes when I work from home. It is urgent: I have a client call tomorrow.\n\nThanks,\nDana\n\n-- \nDana Whitfield | Sales\n\nOn Mon, 5 Jan 2026 at 09:12, Ben Okafor <ben@contoso.example> wrote:\n> Can you tell me when it started?\n",
    from: { name: "Dana Whitfield", email: "dana@contoso.example" },
    receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
    attachments: [{ name: "vpn-log.txt", size: 18_433, contentType: "text/plain" }],
  },
  {
    subject: "RV: Factura del proveedor pendiente de pago",
    body: "Hola:\n\nLa factura 2026-118 del proveedor sigue pendiente de pago. ¿Podéis revisarla?\n\nGracias.\n\nEnviado desde mi iPhone\n\nEl lun, 5 ene 2026 a las 10:00, Emma Clarke <emma@contoso.example> escribió:\n> Te la reenvío.\n",
    from: { name: "Diego Fernández", email: "diego@contoso.example" },
    receivedAt: new Date(Date.now() - 7_200_000).toISOString(),
    attachments: [{ name: "factura-2026-118.pdf", size: 245_761, contentType: "application/pdf" }],
  },
];

export function demoMail(which: string): MailMessage {
  const n = Math.max(1, Math.min(SAMPLES.length, Number(which) || 1));
  const id = sessionStorage.getItem(`tandem.demoMail.${n}`) ?? `<demo-${n}-${Date.now().toString(36)}@contoso.example>`;
  sessionStorage.setItem(`tandem.demoMail.${n}`, id);
  return { ...SAMPLES[n - 1]!, internetMessageId: id };
}

/** A demo attachment's bytes: text of its stated size, so the copy to the request can be tried. */
export function demoAttachment(a: MailAttachment): Uint8Array {
  const line = new TextEncoder().encode(`Tandem demo attachment ${a.name}\n`);
  const out = new Uint8Array(a.size);
  for (let i = 0; i < out.length; i++) out[i] = line[i % line.length]!;
  return out;
}
