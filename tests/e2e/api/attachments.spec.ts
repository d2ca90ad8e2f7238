import { expect, test, type APIRequestContext } from "@playwright/test";
import { addNote } from "../../../server/tickets/add-note";
import { updateTicket } from "../../../server/tickets/update-ticket";
import { testAdmin } from "../../support/factories";
import {
  bearer,
  expectInvalid,
  expectSameNotFound,
  expectStatus,
  expectUnauthenticated,
  fetchTicket,
  ticketFor,
  apiSetupForFile,
  type ApiAgent,
  type ApiArticle,
} from "./support";

const setup = apiSetupForFile();

const attachmentUrl = (id: number | string) => `/api/v1/attachments/${id}`;

async function postWithAttachment(request: APIRequestContext, agent: ApiAgent, number: string, kind: "note" | "reply", file: { filename: string; contentType: string; content: Buffer }): Promise<ApiArticle> {
  return expectStatus<ApiArticle>(
    await request.post(`/api/v1/tickets/${number}/articles`, {
      headers: bearer(agent),
      data: { kind, body: "See the attachment.", attachments: [{ filename: file.filename, contentType: file.contentType, contentBase64: file.content.toString("base64") }] },
    }),
    201,
  );
}

test("an attachment posted with an article comes back byte for byte, as a download", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const ticket = await ticketFor(s);
  // Every byte value, behind a PNG signature.
  const content = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 256 }, (_, index) => index))]);
  const article = await postWithAttachment(request, team.agent, ticket.number, "note", { filename: "screen shot.png", contentType: "image/png", content });
  expect(article.attachments).toEqual([{ id: expect.any(Number), filename: "screen shot.png", contentType: "image/png", size: content.length }]);
  const [attachment] = article.attachments;
  expect((await fetchTicket(request, team.reader, ticket.number)).articles.at(-1)).toEqual(article);

  for (const agent of [team.agent, team.reader, team.noter]) {
    const response = await request.get(attachmentUrl(attachment!.id), { headers: bearer(agent) });
    expect(response.status()).toBe(200);
    expect(Buffer.compare(await response.body(), content)).toBe(0);
    const headers = response.headers();
    expect(headers["content-type"]).toBe("image/png");
    expect(headers["content-disposition"]).toBe(`attachment; filename="screen shot.png"; filename*=UTF-8''screen%20shot.png`);
    expect(headers["x-content-type-options"]).toBe("nosniff");
  }

  // On a reply too, and several at once, in order.
  const pdf = Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1");
  const reply = await expectStatus<ApiArticle>(
    await request.post(`/api/v1/tickets/${ticket.number}/articles`, {
      headers: bearer(team.agent),
      data: {
        kind: "reply",
        body: "Two files.",
        attachments: [
          { filename: "a.pdf", contentType: "application/pdf", contentBase64: pdf.toString("base64") },
          { filename: "b.txt", contentType: "text/plain", contentBase64: Buffer.from("plain text").toString("base64") },
        ],
      },
    }),
    201,
  );
  expect(reply.attachments.map(({ filename, contentType, size }) => ({ filename, contentType, size }))).toEqual([
    { filename: "a.pdf", contentType: "application/pdf", size: pdf.length },
    { filename: "b.txt", contentType: "text/plain", size: 10 },
  ]);
  expect(Buffer.compare(await (await request.get(attachmentUrl(reply.attachments[0]!.id), { headers: bearer(team.reader) })).body(), pdf)).toBe(0);
  expect((await (await request.get(attachmentUrl(reply.attachments[1]!.id), { headers: bearer(team.reader) })).body()).toString()).toBe("plain text");
});

test("an HTML or SVG attachment is still served as a download, with nosniff", async ({ request }) => {
  const s = setup();
  const ticket = await ticketFor(s);
  const html = Buffer.from("<!doctype html><html><body><script>document.title = 'pwned'</script></body></html>");
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
  const article = await postWithAttachment(request, s.team.agent, ticket.number, "note", { filename: "page.html", contentType: "text/html", content: html });
  const svgArticle = await postWithAttachment(request, s.team.agent, ticket.number, "note", { filename: "logo.svg", contentType: "image/svg+xml", content: svg });

  for (const [attachment, content, filename] of [
    [article.attachments[0]!, html, "page.html"],
    [svgArticle.attachments[0]!, svg, "logo.svg"],
  ] as const) {
    const response = await request.get(attachmentUrl(attachment.id), { headers: bearer(s.team.reader) });
    expect(response.status()).toBe(200);
    const headers = response.headers();
    expect(headers["content-disposition"]).toMatch(new RegExp(`^attachment; filename="${filename.replace(".", "\\.")}"`));
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["content-type"]).toBe(attachment.contentType);
    expect(Buffer.compare(await response.body(), content)).toBe(0);
  }
});

test("a file name is kept safe: no directories, non-ASCII names in filename*", async ({ request }) => {
  const s = setup();
  const ticket = await ticketFor(s);
  const article = await postWithAttachment(request, s.team.agent, ticket.number, "note", { filename: "../../etc/Übersicht \"2026\".txt", contentType: "Text/Plain", content: Buffer.from("x") });
  expect(article.attachments).toEqual([{ id: expect.any(Number), filename: "Übersicht 2026.txt", contentType: "text/plain", size: 1 }]);
  const response = await request.get(attachmentUrl(article.attachments[0]!.id), { headers: bearer(s.team.agent) });
  expect(response.headers()["content-disposition"]).toBe(`attachment; filename="_bersicht 2026.txt"; filename*=UTF-8''${encodeURIComponent("Übersicht 2026.txt")}`);
});

test("GET /attachments/:id refuses a bad token and a request without credentials", async ({ request }) => {
  const s = setup();
  const ticket = await ticketFor(s);
  const article = await addNote(s.db, { actor: s.team.agent.actor, number: ticket.number, body: "file", attachments: [{ filename: "f.txt", contentType: "text/plain", content: Buffer.from("secret") }] });
  await expectUnauthenticated((headers) => request.get(attachmentUrl(article.attachments[0]!.id), { headers }));
});

test("GET /attachments/:id answers 404 alike for an unknown attachment and one on a ticket the caller may not read", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const file = { filename: "f.txt", contentType: "text/plain", content: Buffer.from("secret") };
  const secret = await ticketFor(s, { queue: team.secretQueue.id, actor: await testAdmin(s.db) });
  const secretNote = await addNote(s.db, { actor: await testAdmin(s.db), number: secret.number, body: "file", attachments: [file] });
  const ticket = await ticketFor(s);
  const note = await addNote(s.db, { actor: team.agent.actor, number: ticket.number, body: "file", attachments: [file] });
  const get = (agent: { token: string }, id: number) => request.get(attachmentUrl(id), { headers: bearer(agent) });

  const unknown = await get(team.agent, 2_000_000_000);
  await expectSameNotFound(unknown, await get(team.agent, secretNote.attachments[0]!.id));
  await expectSameNotFound(unknown, await get(team.outsider, note.attachments[0]!.id));

  // Readability follows the ticket: moved to a queue the noter cannot read, its files vanish for them.
  expect((await get(team.noter, note.attachments[0]!.id)).status()).toBe(200);
  await updateTicket(s.db, { actor: team.agent.actor, number: ticket.number, queue: team.otherQueue.id });
  await expectSameNotFound(unknown, await get(team.noter, note.attachments[0]!.id));
  expect((await get(team.reader, note.attachments[0]!.id)).status()).toBe(200);
});

test("GET /attachments/:id answers 400 naming `id` for something that is no id", async ({ request }) => {
  const { team } = setup();
  await expectInvalid(await request.get(attachmentUrl("abc"), { headers: bearer(team.agent) }), "id");
  await expectInvalid(await request.get(attachmentUrl(0), { headers: bearer(team.agent) }), "id");
  await expectInvalid(await request.get(attachmentUrl("1.5"), { headers: bearer(team.agent) }), "id");
});
