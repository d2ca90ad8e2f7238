import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/server/api/api-route";
import { readQuery } from "@/server/api/read-json";
import { MAX_CUSTOMER_RESULTS, searchCustomers } from "@/server/customers/search-customers";
import { parseInput } from "@/server/validation";

export const dynamic = "force-dynamic";

const required = "required: part of an e-mail address or a name";
const query = z.object({
  q: z.string({ error: required }).trim().min(1, required).max(200),
  limit: z.coerce.number().int().min(1).max(MAX_CUSTOMER_RESULTS).optional(),
});

/** GET /api/v1/customers?q=&limit= — customers whose address or name contains q, for autocompletion. */
export const GET = apiRoute(async ({ request, actor }) => {
  const { q, limit } = parseInput(query, readQuery(request));
  return Response.json(await searchCustomers(getDb(), actor, q, limit));
});
