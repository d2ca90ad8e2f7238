import { sql, type Placeholder, type SQL } from "drizzle-orm";
import { tickets } from "../../db/schema";

/** Text indexed per article: enough for any real message, far below tsvector's 1 MB limit. */
const INDEXED_CHARACTERS = 100_000;
/** A ticket's vector stops growing here; its oldest words stay searchable. */
const MAX_VECTOR_BYTES = 800_000;

/**
 * The words of `text` for full-text search: the `simple` configuration (no stemming, since
 * mail arrives in every language), with positions, which "quoted phrases" need.
 */
export function searchWords(text: string | Placeholder): SQL {
  return sql`to_tsvector('simple', left(${text}, ${INDEXED_CHARACTERS}))`;
}

/** The ticket's search vector with `text`'s words added. */
export function withSearchWords(text: string): SQL {
  return sql`case when pg_column_size(${tickets.searchVector}) > ${MAX_VECTOR_BYTES} then ${tickets.searchVector} else ${tickets.searchVector} || ${searchWords(text)} end`;
}
