// GET /api/health: for load balancers and start scripts. 200 when the database answers, 503 when not.
import { databaseAnswers } from "@/lib/db/health";
import { version } from "@/lib/version";

export const dynamic = "force-dynamic";

export async function GET() {
  const dbUp = await databaseAnswers();
  return Response.json(
    { status: dbUp ? "ok" : "unavailable", db: dbUp ? "up" : "down", version },
    { status: dbUp ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
