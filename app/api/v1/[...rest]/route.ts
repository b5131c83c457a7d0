import { AppError } from "@/lib/errors";
import { publicRoute } from "@/lib/http/api";

// Unknown /api/v1 paths answer JSON, not the HTML not-found page. Through publicRoute so that
// an unsafe request from another site is refused like everywhere else in /api/v1.
const notFound = publicRoute(async () => {
  throw new AppError("NOT_FOUND", "There is no such API endpoint. See docs/api.md.");
});
export { notFound as GET, notFound as POST, notFound as PATCH, notFound as PUT, notFound as DELETE };
