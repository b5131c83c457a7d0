# Colloquy: Next.js and Socket.IO in one Node process (server.ts); PostgreSQL from DATABASE_URL.
# Plain syntax, no BuildKit-only features, so docker-compose 1.x's classic builder works too.

FROM node:20-bookworm-slim AS base
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1

# deps: npm ci's postinstall (scripts/prisma-generate.mjs) generates the Prisma client into
# lib/db/generated from prisma/schema.prisma, so those files must be here before it runs.
FROM base AS deps
# Migrations run on Prisma's WASM engine; naming an existing file skips the native engine download.
ENV PRISMA_SCHEMA_ENGINE_BINARY=/bin/false CHECKPOINT_DISABLE=1
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund

# build: .dockerignore keeps node_modules and lib/db/generated out of the context, so the
# deps stage's copies survive `COPY . .`. The build cache is not needed at run time.
FROM deps AS build
COPY . .
RUN npx next build && rm -rf .next/cache

# prod-deps: the same tree without devDependencies (tsx, next and prisma are dependencies).
FROM deps AS prod-deps
RUN npm prune --omit=dev --no-audit --no-fund

FROM base AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    COLLOQUY_DATA_DIR=/app/.data \
    TSX_TSCONFIG_PATH=tsconfig.server.json
# Code stays root-owned (read-only to the app); only .next (Next writes its cache there) and
# the data folder belong to `node`.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/tsconfig.json /app/tsconfig.server.json /app/next.config.js /app/prisma.config.ts /app/server.ts ./
COPY --from=build /app/lib ./lib
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/content ./content
COPY --from=build /app/scripts ./scripts
COPY --from=build --chown=node:node /app/.next ./.next
# Created and chowned before VOLUME so a new volume starts out writable by `node`. It holds the
# generated AUTH_SECRET when none is set (and the embedded database when DATABASE_URL is unset).
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
VOLUME /app/.data
EXPOSE 3000
# No curl in the slim image; Node 20 has fetch. 200 only when the database answers.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `npm start` without its build step (done above). The server applies migrations and imports the
# sample reading itself; node is PID 1 and handles SIGTERM (server.ts) for a clean shutdown.
CMD ["node", "--import", "tsx", "server.ts"]
