# syntax=docker/dockerfile:1
# ipbot container: `docker build -t ipbot .` then
#   docker run -d -v ipbot-data:/data -e TELEGRAM_BOT_TOKEN=... -e ADMIN_IDS=telegram:123 -p 8080:8080 ipbot

# ---------------------------------------------------------------- build: compile TS, native modules
FROM node:20-bookworm-slim AS build
# Only this stage has a compiler: better-sqlite3 builds from source when no prebuilt binary is reachable.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# node-gyp uses the headers shipped with this Node instead of downloading them from nodejs.org.
ENV npm_config_nodedir=/usr/local
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` (tsc) would run before the sources are copied; the one install
# script we need, better-sqlite3's native build, runs explicitly right after.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY types ./types
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && node -e "require('better-sqlite3')(':memory:').close()"

# ---------------------------------------------------------------- runtime: production deps only
FROM node:20-bookworm-slim
# The heap cap keeps V8 from growing the heap towards the host's memory before it collects: the
# service's live heap is ~100 MB after a GC; see README "Memory" for the RSS measured under load.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=256 \
    DATA_DIR=/data \
    PORT=8080
WORKDIR /app
# Application files stay root-owned (read-only for the service user); only /data is writable.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
# The documents are baked in; mount a directory over /app/knowledge (or set KNOWLEDGE_DIR) to replace them.
COPY knowledge ./knowledge
# LINE rich menu images for `ipbot line richmenu` (made by scripts/line-richmenu-images.ts).
COPY assets ./assets
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# No curl in the slim image: node's own fetch probes the health endpoint.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `npm start` runs `exec node dist/main.js`: npm forwards `docker stop`'s SIGTERM to node, and `exec`
# leaves no `sh -c` wrapper in between to swallow it (dash does not pass signals on; measured).
CMD ["npm", "start"]
