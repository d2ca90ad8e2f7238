import { describe, expect, it } from "vitest";
import { sharedPoolSize } from "../../../db/client";

describe("the shared pool's size", () => {
  it("is two connections per core, and never fewer than four", () => {
    expect(sharedPoolSize(1)).toBe(4);
    expect(sharedPoolSize(2)).toBe(4);
    expect(sharedPoolSize(8)).toBe(16);
  });
});
