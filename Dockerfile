# syntax=docker/dockerfile:1
#
# One image for both apps. The default command runs the public gateway;
# docker-compose.yml overrides the command to run the worker:
#   node dist/apps/worker/apps/worker/src/main.js
#
# Stages: deps (all dependencies) -> build (nest build of both apps) ->
# runtime (production dependencies + dist only, non-root, node as PID 1).

ARG NODE_IMAGE=node:20-bookworm-slim

# --- deps: every dependency, dev ones included, for the build -------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no dependency needs its install script here (native
# helpers such as msgpackr-extract ship prebuilt optional packages), and the
# slim image has no compiler to run node-gyp with anyway.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund

# --- build: compile both apps into dist/ -----------------------------------
FROM deps AS build
COPY nest-cli.json tsconfig.json tsconfig.browser.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
RUN npm run build

# --- runtime ----------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /app/dist ./dist
# The worker writes .eml files under var/mail when SMTP_URL is unset; that is
# the only place the app writes to, so only it belongs to the runtime user.
RUN mkdir -p var/mail && chown -R node:node var
USER node
EXPOSE 3000 3001
# node itself is PID 1 (not npm, not a shell), so SIGTERM from `docker stop`
# reaches the app's own graceful-shutdown handler.
CMD ["node", "--expose-gc", "--max-old-space-size=384", "dist/apps/gateway/apps/gateway/src/main.js"]
