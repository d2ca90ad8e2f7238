import libmime from "libmime";

/** How much of a raw message its header summary reads: a stored message may be 25 MB. */
export const RAW_HEAD_BYTES = 16_384;

/** Subject and From of a raw message, from its header block alone, for lists: never more than a line each. */
export function summarizeRawHeaders(raw: Buffer): { subject: string; from: string } {
  const text = raw.subarray(0, RAW_HEAD_BYTES).toString("latin1");
  const end = text.search(/\r?\n\r?\n/);
  const block = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n(?=[ \t])/g, "");
  const header = (name: string) => {
    const line = block.split(/\r?\n/).find((candidate) => candidate.toLowerCase().startsWith(`${name}:`));
    if (!line) return "";
    const value = Buffer.from(line.slice(name.length + 1).trim(), "latin1").toString("utf8");
    try {
      return libmime.decodeWords(value).replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, 300);
    } catch {
      return value.slice(0, 300);
    }
  };
  return { subject: header("subject"), from: header("from") };
}
