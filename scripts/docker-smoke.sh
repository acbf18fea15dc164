#!/bin/sh
# docker-smoke.sh: build the Docker image, run it, and ask one question through `docker run`.
# Without a Docker engine it reports itself skipped and succeeds, so CI can always run it.
#
#   scripts/docker-smoke.sh [image-tag]
set -eu

if ! docker info >/dev/null 2>&1; then
	echo "docker-smoke: skipped (no Docker engine)"
	exit 0
fi

image="${1:-kutip:smoke}"
cd "$(dirname "$0")/.."

echo "docker-smoke: building $image"
docker build --build-arg VERSION=smoke -t "$image" .

size=$(docker image inspect --format '{{.Size}}' "$image")
echo "docker-smoke: image size $((size / 1024 / 1024)) MB"

docker run --rm "$image" version

question="Di mana Putin bertemu Kim Jong Un?"
echo "docker-smoke: asking: $question"
# An empty environment: the image's own settings only; no token, no key, no network needed.
out=$(docker run --rm --network none "$image" ask "$question")
printf '%s\n' "$out"

# A cited answer carries a marker such as [1] and a source file name of the seeds.
if printf '%s\n' "$out" | grep -q '\[1\]' && printf '%s\n' "$out" | grep -Eq '[0-9]{3}_[0-9a-f]{16}\.txt'; then
	echo "docker-smoke: ok"
else
	echo "docker-smoke: FAIL: the answer has no citation" >&2
	exit 1
fi
