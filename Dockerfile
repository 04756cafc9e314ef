# syntax=docker/dockerfile:1
# Build: docker build -t mcp-kubernetes:0.1.0 .
# The runtime stage installs the packed package exactly as `npm pack` ships it, with the lock file's
# production dependencies only, and runs as an unprivileged numeric user.

FROM node:20-bookworm-slim AS build
WORKDIR /src
# better-sqlite3 compiles when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The workspaces (simulator, local identity provider, demo) are build-time tools; npm ci links them.
COPY packages/devcluster/package.json packages/devcluster/
COPY packages/devidp/package.json packages/devidp/
COPY packages/demo/package.json packages/demo/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm pack --pack-destination /pkg && cp package-lock.json /pkg/

FROM node:20-bookworm-slim AS install
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /pkg/ /pkg/
RUN tar -xzf /pkg/mcp-kubernetes-*.tgz --strip-components=1 -C /app \
  && cp /pkg/package-lock.json /app/ \
  && npm ci --omit=dev --no-audit --no-fund \
  && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=install /app /app
RUN chmod 0755 /app/dist/cli.js && ln -s /app/dist/cli.js /usr/local/bin/mcp-kubernetes
# 65532: the "nonroot" user of distroless images; numeric, so runAsNonRoot can verify it.
USER 65532:65532
EXPOSE 8080 9090
ENTRYPOINT ["mcp-kubernetes"]
CMD ["serve", "--transport=streamable-http"]
