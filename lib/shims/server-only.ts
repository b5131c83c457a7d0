// No-op stand-in for the `server-only` package outside Next's bundler (see tsconfig.server.json).
export {};
