import type { Db } from "../../db/client";
import type { Actor } from "../auth/actor";
import { InvalidInputError } from "../errors";
import { withSearchWords } from "./search-vector";
import { changeTicket, type TicketChange } from "./ticket-change";
import type { ApiTicket } from "./ticket-view";

export const MAX_TITLE_LENGTH = 255;

export function normaliseTitle(title: string): string {
  const normalised = title.replace(/\s+/g, " ").trim();
  if (normalised === "") throw new InvalidInputError("title", "required");
  if (normalised.length > MAX_TITLE_LENGTH) throw new InvalidInputError("title", `at most ${MAX_TITLE_LENGTH} characters`);
  return normalised;
}

export async function applyTitleChange(change: TicketChange, rawTitle: string): Promise<void> {
  const title = normaliseTitle(rawTitle);
  await change.require("title");
  if (title === change.ticket.title) return;
  await change.update({ title, searchVector: withSearchWords(title) });
  change.record({ type: "TitleUpdate", name: title, changes: ["title"] });
}

export async function changeTitle(db: Db, input: { actor: Actor; number: string; title: string; version?: number }): Promise<ApiTicket> {
  const { ticket } = await changeTicket(db, input, async (change) => {
    await applyTitleChange(change, input.title);
  });
  return ticket;
}
