# Kutip in a container: docker compose up (see docker-compose.yml), or
#   docker build -t kutip .                      (podman: podman build --format docker -t kutip .)
#   docker run --rm -e TELEGRAM_BOT_TOKEN=… -v kutip-data:/data kutip
#   docker run --rm kutip ask "Di mana Putin bertemu Kim Jong Un?"
#
# No "# syntax=" line: BuildKit would fetch a frontend image from Docker Hub before building,
# which breaks offline builds and adds nothing this file needs.

# Build: a static binary (no cgo), paths trimmed, symbols stripped, the seeds embedded.
# The tag is go.mod's go version exactly: the image sets GOTOOLCHAIN=local, so an older Go would
# refuse the module. cmd/kutip/docker_test.go checks that the two agree.
FROM golang:1.26.8 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# The build context has no .git, so the revision comes as an argument too (kutip version shows it):
#   docker build --build-arg VERSION=v1.2.3 --build-arg REVISION=$(git rev-parse HEAD) .
ARG REVISION=
# cmd/kutip/docker_test.go runs this exact command outside Docker: keep them in step.
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION} -X main.revision=${REVISION}" -o /out/kutip ./cmd/kutip
# An empty /data owned by the runtime image's nonroot user (65532), so a fresh volume is writable.
RUN mkdir -p /out/data

# Run: distroless static has CA certificates (Telegram and the APIs are HTTPS), tzdata and a
# nonroot user, and nothing else: no shell, no package manager.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/kutip /kutip
COPY --from=build --chown=65532:65532 /out/data /data
ENV KUTIP_DATA=/data \
    KUTIP_HTTP_ADDR=:8080
VOLUME ["/data"]
EXPOSE 8080
# A number, not the name "nonroot": Kubernetes' runAsNonRoot can only verify a numeric user.
USER 65532:65532
# distroless has no curl: the binary checks its own /healthz on KUTIP_HTTP_ADDR. HEALTHCHECK is
# Docker's format: podman keeps it only with "podman build --format docker".
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/kutip", "healthcheck"]
ENTRYPOINT ["/kutip"]
CMD ["telegram"]
