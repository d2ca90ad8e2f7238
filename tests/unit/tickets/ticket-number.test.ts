import { describe, expect, it } from "vitest";
import { checkDigit, dayInZone, formatTicketNumber, isValidTicketNumber } from "../../../server/tickets/ticket-number";

describe("OTRS DateChecksum ticket numbers", () => {
  it("makes 2026112710000013 the first ticket of 2026-11-27 on system 10 (CONTRACT.md)", () => {
    expect(formatTicketNumber("20261127", "10", 1)).toBe("2026112710000013");
  });

  it("weights the digits 1, 2, 1, 2… from the left and writes a check digit of 10 as 1", () => {
    // 1·1 + 0·2 = 1 → 10 − 1 = 9
    expect(checkDigit("10")).toBe(9);
    // 5·1 + 5·2 = 15 → 10 − 5 = 5
    expect(checkDigit("55")).toBe(5);
    // 2·1 + 4·2 = 10 → 10 − 0 = 10, written as 1
    expect(checkDigit("24")).toBe(1);
    expect(checkDigit("202611271000001")).toBe(3);
  });

  it("keeps at least five counter digits and grows beyond", () => {
    expect(formatTicketNumber("20261127", "10", 42)).toMatch(/^202611271000042\d$/);
    expect(formatTicketNumber("20261127", "10", 123456)).toMatch(/^2026112710123456\d$/);
    expect(formatTicketNumber("20261127", "07", 1).slice(8, 10)).toBe("07");
  });

  it("recognises valid numbers only", () => {
    expect(isValidTicketNumber("2026112710000013")).toBe(true);
    expect(isValidTicketNumber("2026112710000014")).toBe(false);
    expect(isValidTicketNumber("20261127100000")).toBe(false);
    expect(isValidTicketNumber(formatTicketNumber("20261231", "99", 99_999))).toBe(true);
  });

  it("takes the day in the helpdesk's time zone", () => {
    const lateEvening = new Date("2026-11-27T23:30:00Z");
    expect(dayInZone(lateEvening, "UTC")).toBe("20261127");
    expect(dayInZone(lateEvening, "Europe/Berlin")).toBe("20261128");
    expect(dayInZone(new Date("2026-11-27T03:00:00Z"), "America/Los_Angeles")).toBe("20261126");
  });
});
