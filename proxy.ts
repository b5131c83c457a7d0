// Next's proxy (the file formerly called middleware): gives every page response a Content-Security-
// Policy with a fresh nonce. Next reads the nonce from the CSP header of the *request* and puts it
// on the scripts it renders, so the policy is set on both. Pages are rendered per request (the root
// layout reads the session cookie), which nonces need. Which headers and why: lib/http/security-headers.ts.
import { NextResponse, type NextRequest } from "next/server";
import { authUrlHost, newNonce, pageCsp } from "@/lib/http/security-headers";

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const csp = pageCsp({
    nonce,
    dev: process.env.NODE_ENV !== "production",
    socketHosts: [request.headers.get("host"), request.nextUrl.host, authUrlHost()],
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Pages only: /api answers with the strict API policy set in server.ts, and static files need none.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico|socket.io/).*)"],
};
