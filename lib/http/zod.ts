import type { ZodError } from "zod";

/** One line naming each bad field: `title: is required; closesAt: must be …`. */
export function zodMessage(err: ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => {
      const where = i.path.join(".");
      if (i.code === "unrecognized_keys") return `${where ? where + ": " : ""}unknown field(s) ${i.keys.map((k) => `"${k}"`).join(", ")}`;
      return where ? `${where}: ${i.message}` : i.message;
    })
    .join("; ");
}
