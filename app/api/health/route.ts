import { checkDatabase } from "@/server/health/check-database";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const ok = await checkDatabase();
  return Response.json({ status: ok ? "ok" : "unavailable", database: ok ? "up" : "down" }, { status: ok ? 200 : 503 });
}
