import pkg from "../package.json";

/** The running version, as in package.json; reported by /api/health. */
export const version: string = pkg.version;
