import { randomBytes } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer";
import type Mail from "nodemailer/lib/mailer";
import { z } from "zod";
import type { Db } from "../../db/client";
import { assertAdmin, type AdminActor } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import type { Config } from "../config";
import { createMailTransport } from "../mail/outbound/mail-transport";
import { notificationSender } from "../notifications/notify-agents";
import { parseInput } from "../validation";
import { describeOutbound } from "./describe-outbound";

export const sendTestMailInput = z.object({
  to: z.email({ error: "an e-mail address" }),
});

export type TestMailResult = { ok: true; messageId: string; via: string } | { ok: false; error: string; via: string };

/**
 * "Send a test mail": straight through the configured transport (SMTP_URL or the .eml
 * directory), not through the outbox, whose rows belong to tickets and whose retries would
 * hide the relay's answer. The administrator sees at once what the relay said; the attempt
 * and its outcome go to the audit log either way.
 */
export async function sendTestMail(db: Db, actor: AdminActor & { login: string }, rawInput: z.input<typeof sendTestMailInput>, config: Pick<Config, "SMTP_URL" | "HELPDESK_DATA_DIR">): Promise<TestMailResult> {
  assertAdmin(actor);
  const { to } = parseInput(sendTestMailInput, rawInput);
  const from = notificationSender();
  const messageId = `<test-${randomBytes(8).toString("hex")}@${from.split("@")[1]}>`;
  const date = new Date();
  const outbound = describeOutbound(config);
  const via = outbound.kind === "smtp" ? outbound.url : outbound.directory;
  const options: Mail.Options & { newline: "windows" } = {
    from,
    to,
    subject: "Helpdesk test mail",
    messageId,
    date,
    headers: { "Auto-Submitted": "auto-generated" },
    text: `This is a test mail from the helpdesk, sent by ${actor.login} at ${date.toISOString()} via ${via}.\n\nIf you can read it, outbound mail works.\n`,
    newline: "windows",
  };
  const transport = createMailTransport(config, { connectionTimeoutMs: 15_000, greetingTimeoutMs: 15_000, socketTimeoutMs: 30_000 });
  let result: TestMailResult;
  try {
    const raw = await new MailComposer(options).compile().build();
    const sent = await transport.send({ raw, envelope: { from, to: [to] }, messageId, date });
    await transport.flush?.();
    result = sent && sent.rejected.length > 0 ? { ok: false, error: `the relay refused ${sent.rejected.join(", ")}`, via } : { ok: true, messageId, via };
  } catch (error) {
    result = { ok: false, error: error instanceof Error ? error.message : String(error), via };
  } finally {
    transport.close();
  }
  await recordAudit(db, { actorId: actor.id, action: "system.test_mail", target: "system:outbound", details: { to, ...result } });
  return result;
}
