/** The public origin for links we hand out (invite URLs): AUTH_URL behind a proxy, else the request's. */
export function requestOrigin(req: Request): string {
  const configured = process.env.AUTH_URL?.trim();
  if (configured) return new URL(configured).origin;
  const fwdHost = req.headers.get("x-forwarded-host");
  const proto = req.headers.get("x-forwarded-proto");
  const url = new URL(req.url);
  return fwdHost ? `${proto ?? url.protocol.replace(":", "")}://${fwdHost}` : url.origin;
}
