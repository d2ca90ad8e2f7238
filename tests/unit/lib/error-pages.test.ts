import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import ErrorPage from "../../../app/error";
import GlobalError from "../../../app/global-error";

function failure(): Error & { digest?: string } {
  const error: Error & { digest?: string } = new Error("relation \"agents\" does not exist at /srv/helpdesk/server/db.ts:12");
  error.digest = "1234567890";
  return error;
}

describe("error pages", () => {
  it.each([
    ["app/error.tsx", ErrorPage],
    ["app/global-error.tsx", GlobalError],
  ])("%s shows the digest, never the message or the stack", (_name, Page) => {
    const error = failure();
    const html = renderToStaticMarkup(createElement(Page, { error, reset: () => {} }));
    expect(html).toContain("Something went wrong");
    expect(html).toContain("1234567890");
    expect(html).not.toContain("does not exist");
    expect(html).not.toContain("/srv/helpdesk");
    expect(html).not.toContain(error.stack!.split("\n")[1]!.trim());
  });
});
