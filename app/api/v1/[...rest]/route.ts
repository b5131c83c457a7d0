import { AppError, errorResponse } from "@/lib/errors";

// Unknown /api/v1 paths answer JSON, not the HTML not-found page.
const notFound = async () => errorResponse(new AppError("NOT_FOUND", "There is no such API endpoint. See docs/api.md."));
export { notFound as GET, notFound as POST, notFound as PATCH, notFound as PUT, notFound as DELETE };
