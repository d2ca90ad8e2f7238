import { describe, expect, it } from "vitest";
import { defaultMailWorkerCount } from "../../../../server/mail/inbound/mail-worker-pool";

describe("how many mail workers the server starts", () => {
  it("starts one per two cores, and one on a single core", () => {
    expect(defaultMailWorkerCount(1)).toBe(1);
    expect(defaultMailWorkerCount(2)).toBe(1);
    expect(defaultMailWorkerCount(3)).toBe(1);
    expect(defaultMailWorkerCount(8)).toBe(4);
  });
});
