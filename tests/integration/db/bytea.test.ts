import { createHash } from "node:crypto";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";

/**
 * patches/postgres+3.4.9.patch sends bytes given for a bytea parameter in binary format rather
 * than as hex text (half the size, no encoding on either side): every byte must arrive as it
 * was, next to parameters still sent as text, prepared or not.
 */
const sql = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });

afterAll(() => sql.end({ timeout: 5 }));

const everyByte = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");

describe("bytea parameters", () => {
  it.each([true, false])("arrive byte for byte among text parameters (prepared: %s)", async (prepare) => {
    const [row] = await sql.unsafe<{ bytes: Buffer; size: number; text: string; nothing: Buffer | null; number: number }[]>(
      "select $1::bytea as bytes, length($1::bytea) as size, $2::text as text, $3::bytea as nothing, $4::int as number",
      [everyByte, "grüße ✓", null, 42],
      { prepare },
    );
    expect(row).toEqual({ bytes: everyByte, size: 256, text: "grüße ✓", nothing: null, number: 42 });
  });

  it("store a 25 MB message and an empty one intact, from a Buffer or a Uint8Array", async () => {
    const large = Buffer.alloc(25 * 1024 * 1024, "Line of a large message\r\n");
    large[large.length - 1] = 0xff;
    const rows = await sql<{ digest: string; size: number }[]>`
      select md5(bytes) as digest, length(bytes) as size
      from (values (${large}::bytea, 1), (${new Uint8Array(0)}::bytea, 2), (${new Uint8Array(everyByte)}::bytea, 3)) as given (bytes, position)
      order by position`;
    expect(rows).toEqual([
      { digest: md5(large), size: large.length },
      { digest: md5(new Uint8Array(0)), size: 0 },
      { digest: md5(everyByte), size: 256 },
    ]);
  });
});
