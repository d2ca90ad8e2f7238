import { describe, expect, it } from "vitest";
import { formatAddress, newMessageId, replySubject, taggedSubject } from "../../../server/mail/compose";

describe("outbound subjects and addresses", () => {
  it("tags a subject with the ticket number exactly once, first", () => {
    expect(taggedSubject("2026112710000013", "Printer on fire")).toBe("[Ticket#2026112710000013] Printer on fire");
    expect(taggedSubject("2026112710000013", "Re: [Ticket#2026112710000013] Printer on fire")).toBe("[Ticket#2026112710000013] Re: Printer on fire");
    expect(taggedSubject("2026112710000013", "")).toBe("[Ticket#2026112710000013]");
  });

  it("adds exactly one Re:, whatever prefixes piled up", () => {
    expect(replySubject("Printer")).toBe("Re: Printer");
    expect(replySubject("RE: Printer")).toBe("Re: Printer");
    expect(replySubject("Re: AW: Re[2]: Fwd:  Printer")).toBe("Re: Printer");
    expect(replySubject("Reorder parts")).toBe("Re: Reorder parts");
  });

  it("makes Message-IDs in the sender's domain, unique", () => {
    const first = newMessageId("2026112710000013", "support@example.com");
    expect(first).toMatch(/^<2026112710000013\.[0-9a-f]{16}@example\.com>$/);
    expect(newMessageId("2026112710000013", "support@example.com")).not.toBe(first);
  });

  it("quotes display names that need it", () => {
    expect(formatAddress("a@example.com", "Support")).toBe("Support <a@example.com>");
    expect(formatAddress("a@example.com", 'Bob "the builder", Inc.')).toBe('"Bob \\"the builder\\", Inc." <a@example.com>');
    expect(formatAddress("a@example.com", null)).toBe("a@example.com");
  });
});
