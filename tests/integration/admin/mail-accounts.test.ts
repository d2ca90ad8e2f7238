import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { auditLog, mailAccounts } from "../../../db/schema";
import { checkMailAccount } from "../../../server/mail/accounts/check-mail-account";
import { createMailAccount } from "../../../server/mail/accounts/create-mail-account";
import { deleteMailAccount } from "../../../server/mail/accounts/delete-mail-account";
import { updateMailAccount } from "../../../server/mail/accounts/update-mail-account";
import { auditOf } from "../../support/admin-audit";
import { actorOf, createAgent, testAdmin } from "../../support/factories";
import { IMAP_PASSWORD, IMAP_USER, startImapServer, type TestImapServer } from "../../support/imap-server";

const unique = () => Math.random().toString(36).slice(2, 8);
let imap: TestImapServer;
beforeAll(async () => {
  imap = await startImapServer();
});
afterAll(async () => {
  await imap.close();
});

describe("mail accounts", () => {
  it("create, update (the password kept unless given), delete: audited without the password", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const account = await createMailAccount(db, admin, { name: `Support ${unique()}`, host: "imap.example.com", username: "support", password: "s3cret-pass" });
    expect(account).toMatchObject({ port: 993, tls: true, folder: "INBOX", intervalSeconds: 60 });
    expect(account).not.toHaveProperty("password");
    await db.update(mailAccounts).set({ lastError: "login failed" }).where(eq(mailAccounts.id, account.id));

    const updated = await updateMailAccount(db, admin, { id: account.id, port: 1993, trusted: true });
    expect(updated).toMatchObject({ port: 1993, trusted: true, tls: true, host: "imap.example.com", lastError: null });
    const [stored] = await db.select({ password: mailAccounts.password }).from(mailAccounts).where(eq(mailAccounts.id, account.id));
    expect(stored!.password).toBe("s3cret-pass");
    await updateMailAccount(db, admin, { id: account.id, password: "n3w-pass" });

    await deleteMailAccount(db, admin, { id: account.id });
    const audit = await auditOf(db, `mail_account:${account.id}`);
    expect(audit.map((row) => row.action)).toEqual(["mail_account.create", "mail_account.update", "mail_account.update", "mail_account.delete"]);
    expect(audit[2]!.details).toEqual({ password: "(changed)" });
    const everything = JSON.stringify(await db.select().from(auditLog));
    expect(everything).not.toContain("s3cret-pass");
    expect(everything).not.toContain("n3w-pass");
  });

  it("refuses bad settings naming the field, a taken name, an unknown account, non-admins", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const base = { name: `Box ${unique()}`, host: "imap.example.com", username: "u", password: "p" };
    await expect(createMailAccount(db, admin, { ...base, host: "imaps://imap.example.com:993" })).rejects.toMatchObject({ field: "host" });
    await expect(createMailAccount(db, admin, { ...base, port: 70_000 })).rejects.toMatchObject({ field: "port" });
    await expect(createMailAccount(db, admin, { ...base, intervalSeconds: 5 })).rejects.toMatchObject({ field: "intervalSeconds" });
    const account = await createMailAccount(db, admin, base);
    await expect(createMailAccount(db, admin, base)).rejects.toMatchObject({ field: "name" });
    await expect(updateMailAccount(db, admin, { id: account.id, afterFetch: "archive" as "delete" })).rejects.toMatchObject({ field: "afterFetch" });
    await expect(updateMailAccount(db, admin, { id: 99_999_999, port: 143 })).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteMailAccount(db, admin, { id: 99_999_999 })).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteMailAccount(db, actorOf(await createAgent(db)), { id: account.id })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("tests the connection with the stored settings, or unsaved ones over them", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const account = await createMailAccount(db, admin, { name: `Local ${unique()}`, host: "127.0.0.1", port: imap.port, tls: false, username: IMAP_USER, password: IMAP_PASSWORD });
    expect(await checkMailAccount(db, admin, { id: account.id })).toEqual({ ok: true, messages: 0, unseen: 0 });
    expect(await checkMailAccount(db, admin, { id: account.id, password: "wrong" })).toEqual({ ok: false, error: expect.stringMatching(/login as testuser .* failed/) });
    expect(await checkMailAccount(db, admin, { host: "127.0.0.1", port: imap.port, tls: false, username: IMAP_USER, password: IMAP_PASSWORD, folder: "Nowhere" })).toEqual({ ok: false, error: expect.stringMatching(/folder Nowhere/) });
    await expect(checkMailAccount(db, admin, { host: "127.0.0.1" })).rejects.toMatchObject({ field: "username" });
    await expect(checkMailAccount(db, actorOf(await createAgent(db)), { id: account.id })).rejects.toMatchObject({ code: "forbidden" });
  });
});
