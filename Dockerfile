# altformats in a container, for CI runners and Kubernetes indexed jobs.
#
#   docker build -t altformats .
#   docker run --rm -v "$PWD:/work" altformats build content --out out --shard 1/3
#
# Two stages: a Go toolchain builds one static binary (CGO_ENABLED=0), and a
# small Debian image runs it as an unprivileged user. The fonts every PDF
# embeds (the Go fonts and DejaVu Sans) are compiled into the binary; the
# image also carries fonts-dejavu-core so a theme.json can name the system's
# DejaVu files, and so the container renders the same glyphs without any
# host fonts.

FROM golang:1.26-bookworm AS build
WORKDIR /src
# Modules first, so a change to the code does not download them again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=container
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath \
      -ldflags "-s -w -X github.com/altformats/altformats/internal/cli.Version=${VERSION}" \
      -o /out/altformats ./cmd/altformats \
 && /out/altformats version

FROM debian:bookworm-slim AS run
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /work --shell /usr/sbin/nologin altformats \
 && mkdir -p /work && chown altformats:altformats /work
COPY --from=build /out/altformats /usr/local/bin/altformats
USER 10001:10001
WORKDIR /work
ENTRYPOINT ["altformats"]
CMD ["build"]
