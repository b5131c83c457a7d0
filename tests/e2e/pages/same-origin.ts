/**
 * Headers for Playwright's API requests (page.request.*) that stand in for the page's own fetch.
 * They are not browser requests: they carry neither Origin nor Sec-Fetch-Site, and the API's
 * origin rule refuses an unsafe cookie request with neither. A browser's fetch from our page says
 * Sec-Fetch-Site: same-origin, so say that.
 */
export const SAME_ORIGIN = { "sec-fetch-site": "same-origin" } as const;
