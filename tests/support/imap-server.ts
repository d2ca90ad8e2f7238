import type { AddressInfo } from "node:net";
import hoodiecrow, { type HoodiecrowServer } from "hoodiecrow-imap";
import type { ImapAccount } from "../../server/mail/inbound/imap-connection";

export const IMAP_USER = "testuser";
export const IMAP_PASSWORD = "testpass";

export interface TestImapServer {
  port: number;
  /** An account for this server, plain IMAP (hoodiecrow has no usable certificate). */
  account(overrides?: Partial<ImapAccount>): ImapAccount;
  /** Puts a message into INBOX, as a delivery would; returns its UID. */
  deliver(raw: Buffer, flags?: string[]): number;
  /** INBOX as the server has it now. */
  messages(): { uid: number; seen: boolean; raw: string }[];
  close(): Promise<void>;
}

/** An in-memory IMAP server on a free port, with one user and an empty INBOX. */
export async function startImapServer(): Promise<TestImapServer> {
  const server: HoodiecrowServer = hoodiecrow({
    plugins: ["ID", "SASL-IR", "AUTH-PLAIN", "NAMESPACE", "IDLE", "ENABLE", "UIDPLUS", "UNSELECT"],
    storage: { INBOX: { messages: [] } },
    users: { [IMAP_USER]: { password: IMAP_PASSWORD } },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  const inbox = () => server.getMailbox("INBOX")!;
  return {
    port,
    account: (overrides = {}) => ({ host: "127.0.0.1", port, tls: false, username: IMAP_USER, password: IMAP_PASSWORD, folder: "INBOX", afterFetch: "mark_read", ...overrides }),
    // latin1 keeps every byte as one character, so sizes are byte counts.
    deliver: (raw, flags = []) => server.appendMessage("INBOX", flags, undefined, raw.toString("latin1")).message.uid,
    messages: () => inbox().messages.map((message) => ({ uid: message.uid, seen: message.flags.includes("\\Seen"), raw: message.raw })),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
