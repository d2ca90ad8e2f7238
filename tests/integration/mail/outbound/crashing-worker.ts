/**
 * A worker process that dies between handing a message to the relay and committing that it
 * did: run by send-due-mail.test.ts, which kills it (SIGKILL) once it prints `SENT`.
 */
import { connect } from "../../../../db/client";
import { createMailTransport } from "../../../../server/mail/outbound/mail-transport";
import { sendDueMail } from "../../../../server/mail/outbound/send-due-mail";

const db = connect(process.env.DATABASE_URL!, { max: 2, applicationName: "crashing-worker" });
const relay = createMailTransport({ SMTP_URL: process.env.SMTP_URL!, HELPDESK_DATA_DIR: "unused" });
await sendDueMail(db, {
  description: "relay, then hang",
  close() {},
  async send(mail) {
    await relay.send(mail);
    process.stdout.write(`SENT ${mail.messageId}\n`);
    // Never returns: the claim stays open until the process is killed.
    await new Promise(() => {});
  },
});
