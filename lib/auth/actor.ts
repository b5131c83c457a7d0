// Who is asking. Minted only by lib/auth/session.ts (cookie or Bearer token) and
// lib/auth/handshake.ts (sockets); services take an Actor and never read requests themselves.
export interface Actor {
  id: string;
  email: string;
  name: string;
  /** How the request proved who it is; tokens cannot manage tokens' own account security later. */
  via: "session" | "token";
  /** The API token used, when via is "token" (so revoking it can end that token's sockets). */
  tokenId?: string;
  /** The browser session (lib/domain/sessions), when via is "session": so revoking it ends its sockets. */
  sessionId?: string;
}
