// @mention handles, shared by the composer's autocomplete and the server's mention resolver.

/** "Ben Okafor" -> "ben.okafor", "Student 7" -> "student.7". */
export function handleFor(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ".")
    .replace(/^\.+|\.+$/g, "")
    .slice(0, 40);
}
