import sanitize from "sanitize-html";

// Elements after which a reader expects a new line, or at least a space. The attribute part
// is bounded so that a run of "<br" without ">" cannot make the scan quadratic.
const BLOCK_END = /<(?:br|hr|\/(?:p|div|tr|li|dt|dd|h[1-6]|table|blockquote|pre|ul|ol|center))\b[^>]{0,1024}>/gi;
const CELL_END = /<\/t[dh]\b[^>]{0,1024}>/gi;

/**
 * Readable text from HTML by stripping tags, for the HTML that mailparser does not turn into
 * text (an HTML part inside multipart/related with no text alternative, or one over
 * `maxHtmlToTextLength`). Linear in the input, unlike a full HTML-to-text renderer.
 */
export function htmlToPlainText(html: string): string {
  const stripped = sanitize(html.replace(BLOCK_END, "$&\n").replace(CELL_END, "$& "), {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ["script", "style", "title", "textarea", "noscript", "template", "xmp"],
  });
  // sanitize-html escapes what it writes out; this is text, not HTML.
  const text = stripped.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
