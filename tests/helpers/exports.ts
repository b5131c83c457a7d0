// Reading an export back in tests: the service's stream as text, or the route's response.
import { exportSeminar, type ExportOptions } from "@/lib/domain/exports/service";
import type { ExportInput } from "@/lib/domain/exports/schema";
import type { Actor } from "@/lib/auth/actor";

export async function exportText(actor: Pick<Actor, "id">, seminarId: string, input: ExportInput, opts: Partial<ExportOptions> = {}): Promise<string> {
  const file = await exportSeminar(actor, seminarId, input, { origin: "http://localhost:3000", ...opts });
  // Decoded by hand: Response.text() would drop the byte order mark the CSV files must carry.
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(file.body).arrayBuffer());
}
