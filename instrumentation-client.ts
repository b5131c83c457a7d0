// Runs in the browser before the app's own code (Next's instrumentation-client convention).
// Zod compiles object parsers with `new Function` unless told not to, and probes for it with
// `Function("")`; under the pages' Content-Security-Policy (no 'unsafe-eval', see
// lib/http/security-headers.ts) that probe is a reported violation. The schemas shared with the
// browser are small, so the interpreted parser costs nothing noticeable. Must run before any
// schema is built: zod reads the setting when a schema is constructed.
import { config } from "zod";

config({ jitless: true });
