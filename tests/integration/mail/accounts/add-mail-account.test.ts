import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../../db/client";
import { mailAccounts } from "../../../../db/schema";
import { AlreadyExistsError, InvalidInputError } from "../../../../server/errors";
import { addMailAccount } from "../../../../server/mail/accounts/add-mail-account";
import { listMailAccounts } from "../../../../server/mail/accounts/list-mail-accounts";

const base = { host: "imap.example.com", username: "support@example.com", password: " secret " };

describe("adding a mail account", () => {
  it("stores it with the defaults, the password as given so that it can log in", async () => {
    const db = getDb();
    const { id } = await addMailAccount(db, { ...base, name: "  Support  " });
    const [row] = await db.select().from(mailAccounts).where(eq(mailAccounts.id, id));
    expect(row).toMatchObject({
      name: "Support",
      host: "imap.example.com",
      port: 993,
      tls: true,
      username: "support@example.com",
      password: " secret ",
      folder: "INBOX",
      intervalSeconds: 60,
      trusted: false,
      afterFetch: "mark_read",
      valid: true,
      lastPolledAt: null,
      lastError: null,
    });
  });

  it("takes port 143 for plain IMAP unless told otherwise", async () => {
    const db = getDb();
    const plain = await addMailAccount(db, { ...base, name: "Plain", tls: false });
    const custom = await addMailAccount(db, { ...base, name: "Custom", tls: false, port: 1143, folder: "Support", afterFetch: "delete", intervalSeconds: 300 });
    const listed = await listMailAccounts(db);
    expect(listed.find((account) => account.id === plain.id)).toMatchObject({ port: 143, tls: false });
    expect(listed.find((account) => account.id === custom.id)).toMatchObject({ port: 1143, folder: "Support", afterFetch: "delete", intervalSeconds: 300 });
    // The list is for showing: the password stays in the database.
    expect(listed.every((account) => !("password" in account))).toBe(true);
  });

  it("refuses a name that is taken, naming the field", async () => {
    const db = getDb();
    await addMailAccount(db, { ...base, name: "Sales" });
    const error = await addMailAccount(db, { ...base, name: "Sales" }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(AlreadyExistsError);
    expect(error).toMatchObject({ field: "name" });
  });

  it.each([
    [{ host: "imaps://imap.example.com" }, "host"],
    [{ host: "imap.example.com:993" }, "host"],
    [{ host: "" }, "host"],
    [{ port: 0 }, "port"],
    [{ port: 70_000 }, "port"],
    [{ username: " " }, "username"],
    [{ password: "" }, "password"],
    [{ folder: "" }, "folder"],
    [{ intervalSeconds: 1 }, "intervalSeconds"],
    [{ afterFetch: "archive" }, "afterFetch"],
  ])("refuses %o", async (override, field) => {
    const input = { ...base, name: `Bad ${field} ${Math.random()}`, ...override } as Parameters<typeof addMailAccount>[1];
    const error = await addMailAccount(getDb(), input).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field });
  });

  it("accepts IP addresses as the host", async () => {
    await expect(addMailAccount(getDb(), { ...base, name: "By IPv4", host: "192.0.2.10" })).resolves.toMatchObject({ id: expect.any(Number) });
    await expect(addMailAccount(getDb(), { ...base, name: "By IPv6", host: "2001:db8::1" })).resolves.toMatchObject({ id: expect.any(Number) });
  });
});
