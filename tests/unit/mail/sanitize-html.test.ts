import { describe, expect, it } from "vitest";
import { sanitizeHtml } from "../../../server/mail/inbound/sanitize-html";

/** Nothing in the output may run script, navigate, or load anything remote. */
function expectInert(html: string): void {
  expect(html).not.toMatch(/<\s*(script|style|iframe|object|embed|form|input|button|meta|link|base|svg|math|frame|applet)\b/i);
  expect(html).not.toMatch(/\son\w+\s*=/i);
  expect(html).not.toMatch(/(java|vb)script\s*:/i);
  expect(html).not.toMatch(/data\s*:/i);
  expect(html).not.toMatch(/url\s*\(|expression\s*\(|behavior\s*:/i);
  expect(html).not.toMatch(/\ssrc\s*=\s*"(?!cid:)/i);
  expect(html).not.toMatch(/\s(background|srcset|action|formaction|poster|xlink:href)\s*=/i);
}

describe("sanitizeHtml: nothing active survives", () => {
  const attacks: [string, string][] = [
    ["script tag", `<p>hi<script>alert(1)</script></p>`],
    ["script with odd case and attributes", `<ScRiPt type="text/javascript" src="https://evil/x.js"></sCrIpT>text`],
    ["img onerror", `<img src=x onerror="alert(1)">`],
    ["a href javascript:", `<a href="javascript:alert(1)">x</a>`],
    ["a href with an entity-encoded tab", `<a href="jav&#x09;ascript:alert(1)">x</a>`],
    ["a href with leading blanks and mixed case", `<a href="  JaVaScRiPt:alert(1)">x</a>`],
    ["a href fully entity-encoded", `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>`],
    ["a href with a newline inside the scheme", `<a href="java\nscript:alert(1)">x</a>`],
    ["a href vbscript:", `<a href="vbscript:msgbox(1)">x</a>`],
    ["a href data:", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`],
    ["svg onload", `<svg onload="alert(1)"><circle r="1" /></svg>after`],
    ["iframe", `<iframe src="https://evil/"></iframe>after`],
    ["iframe srcdoc", `<iframe srcdoc="<script>alert(1)</script>"></iframe>`],
    ["object and embed", `<object data="x.swf"><embed src="x.swf"></object>after`],
    ["style block", `<style>body{background:url(http://evil/x)}</style>after`],
    ["style expression()", `<div style="width: expression(alert(1))">x</div>`],
    ["style url()", `<div style="background:url(http://evil)">x</div>`],
    ["style background-image url()", `<div style="background-image:url('http://evil/x.png')">x</div>`],
    ["style escaped expression", `<div style="font-family:\\65xpression(alert(1))">x</div>`],
    ["style behavior", `<a href="https://x" style="behavior:url(x.htc)">x</a>`],
    ["meta refresh", `<meta http-equiv="refresh" content="0;url=http://evil">after`],
    ["base href", `<base href="http://evil/">after`],
    ["link stylesheet", `<link rel="stylesheet" href="http://evil/x.css">after`],
    ["form", `<form action="http://evil"><input name="a" value="b"><button formaction="http://evil">go</button></form>`],
    ["remote image", `<img src="http://tracker.example/pixel.gif" width="1" height="1">`],
    ["img data: URL", `<img src="data:image/png;base64,iVBORw0KGgo=">`],
    ["img srcset", `<img srcset="http://evil/x.png 1x">`],
    ["protocol-relative img", `<img src="//evil/x.png">`],
    ["table background attribute", `<table background="http://evil/bg.png"><tr><td background="http://evil/td.png">a</td></tr></table>`],
    ["math with xlink:href", `<math><mi xlink:href="javascript:alert(1)">x</mi></math>`],
    ["noscript attribute breakout", `<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`],
    ["xmp raw text", `<xmp><img src=x onerror=alert(1)></xmp>`],
    ["video poster", `<video poster="http://evil/p.png"><source src="http://evil/v.mp4"></video>`],
  ];

  it.each(attacks)("%s", (_name, html) => {
    expectInert(sanitizeHtml(html));
  });

  it("keeps no sender-supplied data-remote-src, which the UI would trust on 'show images'", () => {
    expect(sanitizeHtml(`<img data-remote-src="javascript:alert(1)">`)).toBe("<img />");
    expect(sanitizeHtml(`<img src="https://a.example/x.png" data-remote-src="javascript:alert(1)">`)).toBe(
      `<img data-remote-src="https://a.example/x.png" />`,
    );
  });

  it("drops the text of script, style and title, keeps the text of other dropped tags", () => {
    expect(sanitizeHtml(`<title>T</title><style>p{}</style><script>x()</script><form>Name</form>`)).toBe("Name");
  });
});

describe("sanitizeHtml: formatting survives", () => {
  it("keeps tables with their layout attributes", () => {
    const html = `<table border="1" cellpadding="2" cellspacing="0" width="100%"><thead><tr><th colspan="2" align="left">H</th></tr></thead><tbody><tr><td bgcolor="#eeeeee" valign="top">a</td><td rowspan="1">b</td></tr></tbody></table>`;
    expect(sanitizeHtml(html)).toBe(html);
  });

  it("keeps https and mailto links, opened apart from the app", () => {
    expect(sanitizeHtml(`<a href="https://example.com/a?b=1&amp;c=2" target="_self" rel="opener">x</a>`)).toBe(
      `<a target="_blank" rel="noopener noreferrer nofollow" href="https://example.com/a?b=1&amp;c=2">x</a>`,
    );
    expect(sanitizeHtml(`<a href="mailto:help@example.com">m</a>`)).toBe(
      `<a target="_blank" rel="noopener noreferrer nofollow" href="mailto:help@example.com">m</a>`,
    );
  });

  it("drops relative links, which would resolve against the helpdesk", () => {
    expect(sanitizeHtml(`<a href="/api/v1/tickets">r</a>`)).toBe(`<a target="_blank" rel="noopener noreferrer nofollow">r</a>`);
  });

  it("keeps text formatting", () => {
    const html = `<p dir="ltr"><b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><s>s</s><sub>1</sub><sup>2</sup><small>s</small><big>b</big></p><blockquote>q</blockquote><pre><code>c</code></pre><ul><li>1</li></ul><ol><li>2</li></ol><dl><dt>t</dt><dd>d</dd></dl><h1>h</h1><h6>h</h6><hr /><br /><font color="red" face="Arial" size="3">f</font><center>c</center>`;
    expect(sanitizeHtml(html)).toBe(html);
  });

  it("keeps the safe part of inline styles", () => {
    expect(
      sanitizeHtml(`<p style="color: #333; background-color: rgb(255, 255, 255); font-weight: bold; font-family: 'Segoe UI', Arial, sans-serif; margin: 0 0 1em 0; border: 1px solid #ccc; text-align: center; position: fixed">x</p>`),
    ).toBe(`<p style="color:#333;background-color:rgb(255, 255, 255);font-weight:bold;font-family:'Segoe UI', Arial, sans-serif;margin:0 0 1em 0;border:1px solid #ccc;text-align:center">x</p>`);
  });

  it("keeps cid: images as they are and turns remote images into data-remote-src", () => {
    expect(sanitizeHtml(`<img src="cid:logo@example.com" alt="Logo">`)).toBe(`<img alt="Logo" src="cid:logo@example.com" />`);
    expect(sanitizeHtml(`<img src="https://cdn.example/x.png" alt="x" width="10" height="20">`)).toBe(
      `<img alt="x" width="10" height="20" data-remote-src="https://cdn.example/x.png" />`,
    );
  });

  it("drops ids and names, which could clobber globals of the frame's script", () => {
    expect(sanitizeHtml(`<p id="x" name="y" class="MsoNormal">p</p>`)).toBe(`<p class="MsoNormal">p</p>`);
  });
});
