import { describe, expect, it } from "vitest";
import { quote, renderTemplate, unknownPlaceholders, type TemplateContext } from "../../../server/templates/render-template";

const context: TemplateContext = {
  ticket: { number: "2026112710000013", title: "Printer on fire" },
  customer: { name: "Bob Baker", email: "bob@example.com" },
  agent: { name: "Alice Martin", login: "alice" },
  owner: { name: "Carol" },
  queue: { name: "Support", salutation: "Dear {{customer.name}},", signature: "-- \n{{agent.name}}, {{queue.name}}" },
  article: { subject: "Help", quote: "> It burns." },
};

describe("renderTemplate", () => {
  it("fills every placeholder, salutation and signature included", () => {
    const body = "{{queue.salutation}}\n\nabout {{ticket.title}} ([Ticket#{{ticket.number}}]) for {{customer.email}}, owner {{owner.name}}, by {{agent.login}}:\n{{article.quote}}\n\n{{queue.signature}}";
    expect(renderTemplate(body, context)).toBe(
      "Dear Bob Baker,\n\nabout Printer on fire ([Ticket#2026112710000013]) for bob@example.com, owner Carol, by alice:\n> It burns.\n\n-- \nAlice Martin, Support",
    );
  });

  it("tolerates spaces inside the braces and leaves unknown placeholders as written", () => {
    expect(renderTemplate("Hi {{ customer.name }}, {{ticket.secret}} {{nonsense}}", context)).toBe("Hi Bob Baker, {{ticket.secret}} {{nonsense}}");
  });

  it("does not interpret placeholders inside the values it fills in", () => {
    const sneaky = { ...context, customer: { name: "{{agent.login}}", email: "x@example.com" } };
    expect(renderTemplate("Hello {{customer.name}}", sneaky)).toBe("Hello {{agent.login}}");
  });

  it("lists unknown placeholders", () => {
    expect(unknownPlaceholders("{{customer.name}} {{customer.phone}} {{ticket.number}} {{foo.bar}}")).toEqual(["customer.phone", "foo.bar"]);
  });
});

describe("quote", () => {
  it("prefixes each line and cuts after 30", () => {
    expect(quote("a\r\n\r\nb\n")).toBe("> a\n>\n> b");
    const long = Array.from({ length: 40 }, (_, index) => `line ${index}`).join("\n");
    const quoted = quote(long).split("\n");
    expect(quoted).toHaveLength(31);
    expect(quoted.at(-1)).toBe("> […]");
  });
});
