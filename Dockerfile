# kcarbon container image: the CLI, and `kcarbon serve --mcp --transport http` for in-cluster use.
#   docker build -t kcarbon .
#   docker run --rm kcarbon summary --demo
#   docker run --rm -p 8000:8000 -e KCARBON_MCP_TOKEN=... kcarbon serve --mcp --transport http --host 0.0.0.0 --demo
# The runtime stage holds exactly what `npm pack` ships (plus production node_modules), runs as uid 1000 and
# writes nothing to its own filesystem, so it runs with readOnlyRootFilesystem: true.

# ---- build: compile and bundle with the dev dependencies, then keep production dependencies only ----
FROM node:24-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/ scripts/
COPY src/ src/
COPY bin/ bin/
COPY config/ config/
COPY fixtures/demo/ fixtures/demo/
COPY README.md LICENSE ./
# The build's warm-up run writes the V8 code cache for this image's own node binary. Node 24 (LTS, supported to
# April 2028): Node 20, the floor kcarbon runs on, reached end of life in April 2026. Everything copied is made
# readable by the runtime user whatever modes the build context had (a checkout made under umask 077).
RUN npm run build \
 && find dist -name '*.map' -delete \
 && npm prune --omit=dev --no-audit --no-fund \
 && chmod 0755 bin/kcarbon.js \
 && chmod -R a+rX package.json node_modules bin dist config fixtures/demo README.md LICENSE

# ---- runtime ----
FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules/ ./node_modules/
COPY --from=build /src/bin/ ./bin/
COPY --from=build /src/dist/ ./dist/
COPY --from=build /src/config/ ./config/
COPY --from=build /src/fixtures/demo/ ./fixtures/demo/
COPY --from=build /src/README.md /src/LICENSE ./
RUN ln -s /app/bin/kcarbon.js /usr/local/bin/kcarbon
# The image's `node` user, by number so Kubernetes can check runAsNonRoot.
USER 1000:1000
EXPOSE 8000
# For `serve --mcp --transport http` (no curl in slim images); other commands exit before it matters.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["kcarbon"]
CMD ["--help"]
