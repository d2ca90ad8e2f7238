import sanitize from "sanitize-html";

/*
 * Mail HTML is hostile by default: it may run script, phone home when opened (tracking
 * pixels, CSS backgrounds) or clobber the page it is shown in. What survives here is
 * formatting only. Remote images keep their address in `data-remote-src`, never in `src`,
 * so nothing loads until the agent asks for images; `cid:` images stay, the UI maps them to
 * the message's attachments.
 */

const TAGS = [
  "p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "strike", "blockquote", "pre", "code",
  "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
  "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
  "a", "img", "font", "center", "sub", "sup", "small", "big", "dl", "dt", "dd",
];

const TABLE_ATTRIBUTES = ["colspan", "rowspan", "align", "valign", "width", "height", "border", "cellpadding", "cellspacing", "bgcolor"];

const ATTRIBUTES: Record<string, string[]> = {
  "*": ["dir", "lang", "title", "class", "style", "align"],
  a: ["href", "target", "rel"],
  img: ["alt", "width", "height", "src", "data-remote-src"],
  font: ["color", "face", "size"],
  ...Object.fromEntries(["table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col"].map((tag) => [tag, TABLE_ATTRIBUTES])),
};

// CSS values are matched token by token. No token admits `(` other than a numeric rgb(),
// nor `\` or `:`, so url(), expression(), image-set() and escape tricks cannot get through.
const NUMBER = String.raw`-?(?:\d+\.?\d*|\.\d+)`;
const LENGTH = String.raw`${NUMBER}(?:px|pt|pc|em|rem|ex|ch|%|cm|mm|in|vw|vh)?`;
const COLOR = String.raw`#[0-9a-f]{3,8}|rgba?\(\s*[\d.%\s,/]+\)|[a-z]+`;
const TOKEN = String.raw`(?:${LENGTH}|${COLOR}|[a-z-]+)`;
const tokens = (token: string, max: number) => new RegExp(String.raw`^(?:${token})(?:\s+(?:${token})){0,${max - 1}}$`, "i");

const colorValue = new RegExp(`^(?:${COLOR})$`, "i");
const sizeValue = /^(?:auto|(?:-?(?:\d+\.?\d*|\.\d+)(?:px|pt|pc|em|rem|ex|ch|%|cm|mm|in|vw|vh)?))$/i;
const boxValue = tokens(`auto|${LENGTH}`, 4);
const borderValue = tokens(TOKEN, 6);

const STYLES: Record<string, RegExp[]> = {
  color: [colorValue],
  "background-color": [colorValue],
  "font-weight": [/^(?:normal|bold|bolder|lighter|[1-9]00)$/i],
  "font-style": [/^(?:normal|italic|oblique)$/i],
  "text-decoration": [/^[a-z-]+(?:\s+[a-z-]+){0,3}$/i],
  "text-align": [/^(?:left|right|center|justify|start|end)$/i],
  "font-size": [sizeValue, /^(?:xx-small|x-small|small|medium|large|x-large|xx-large|smaller|larger)$/i],
  "font-family": [/^[\p{L}\p{N}\s,'"_-]+$/u],
  width: [sizeValue],
  height: [sizeValue],
};
for (const side of ["", "-top", "-right", "-bottom", "-left"]) {
  STYLES[`padding${side}`] = [boxValue];
  STYLES[`margin${side}`] = [boxValue];
  STYLES[`border${side}`] = [borderValue];
  for (const aspect of ["-color", "-style", "-width"]) STYLES[`border${side}${aspect}`] = [borderValue];
}
STYLES["border-collapse"] = [/^(?:collapse|separate)$/i];
STYLES["border-spacing"] = [tokens(LENGTH, 2)];
STYLES["border-radius"] = [tokens(LENGTH, 4)];

/** The URL as a browser would read it: whitespace and control characters inside are ignored. */
function compact(url: string | undefined): string {
  return (url ?? "").replace(/[\u0000-\u0020\u007f-\u009f]+/g, "");
}

const OPTIONS: sanitize.IOptions = {
  allowedTags: TAGS,
  allowedAttributes: ATTRIBUTES,
  allowedStyles: { "*": STYLES },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["cid", "http", "https"] },
  allowedSchemesAppliedToAttributes: ["href", "src", "data-remote-src", "cite"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Their text is code or document metadata, never message content.
  nonTextTags: ["script", "style", "textarea", "option", "xmp", "noscript", "title", "template", "noembed", "noframes", "iframe", "object", "svg", "math"],
  transformTags: {
    a: (tagName, attribs) => {
      const { href, ...rest } = attribs;
      const url = compact(href);
      // Only absolute links: a relative one would resolve against the helpdesk itself.
      const out: sanitize.Attributes = { ...rest, target: "_blank", rel: "noopener noreferrer nofollow" };
      if (/^(?:https?|mailto):/i.test(url)) out.href = url;
      return { tagName, attribs: out };
    },
    img: (tagName, attribs) => {
      // A sender-supplied data-remote-src would be trusted by the UI's "show images": drop it.
      const { src, "data-remote-src": _ignored, ...rest } = attribs;
      const url = compact(src);
      if (/^https?:\/\//i.test(url)) return { tagName, attribs: { ...rest, "data-remote-src": url } };
      if (/^cid:/i.test(url)) return { tagName, attribs: { ...rest, src: url } };
      return { tagName, attribs: rest };
    },
  },
};

/** Mail HTML made safe to show in a sandboxed frame: formatting kept, nothing active, nothing loaded. */
export function sanitizeHtml(html: string): string {
  return sanitize(html, OPTIONS);
}
