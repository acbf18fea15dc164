#!/usr/bin/env bash
# container-check.sh: build Kutip's Docker image with podman and run it, as CI does on every
# submission, on a machine with no Docker engine and no registry.
#
#   scripts/container-check.sh        (as root, or with sudo; Debian or Ubuntu)
#
# 1. Installs podman, buildah, runc, docker-compose and debootstrap from Debian when missing
#    (--no-install-recommends). Where they cannot be installed (no apt-get, not root, no package)
#    it says why and exits 0: "skipped". Every later failure fails the check.
# 2. Makes stand-ins for the Dockerfile's two base images under their exact names, since no
#    registry is reachable: golang:<go.mod's version> is a debootstrapped Debian (bookworm,
#    minbase, unpacked only) with this machine's Go at /usr/local/go, which must be that version,
#    and the host's CA bundle (the build downloads modules from the Go module proxy);
#    gcr.io/distroless/static-debian12:nonroot is a static root with the users root, nobody and
#    nonroot (65532), /home/nonroot and /tmp, CA certificates and zoneinfo, owned as distroless
#    has them, user 65532.
# 3. Builds the image (podman build --format docker --pull=never, so HEALTHCHECK is kept) and
#    checks: its size (at most 20 MB) and user (65532:65532); "kutip ask" answers with a citation
#    with no network; "kutip telegram" answers a question through the fake Bot API
#    (internal/testing/fakebotapi) and keeps API embeddings (a fake /v1) in a fresh /data volume,
#    so the volume is writable; the bot runs as uid 65532; the HEALTHCHECK passes; then
#    docker-compose (through podman's API socket) brings docker-compose.yml up to healthy without
#    the ollama profile, creates no Ollama volume, and "down -v" leaves nothing behind.
#
# Podman here needs runc (crun fails on hybrid cgroups) and default ulimits within the machine's
# hard limits: both are set in a containers.conf passed with CONTAINERS_CONF. Images, containers,
# volumes and networks live in a private store under a temporary directory, removed at the end;
# nothing in /etc changes except the packages installed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
export PATH="/usr/local/go/bin:$PATH"

start=$SECONDS
say() { printf 'container-check: [%3ds] %s\n' "$((SECONDS - start))" "$*"; }
fail() { say "FAIL: $*" >&2; exit 1; }
skip() { say "skipped: $*"; exit 0; }

# --- 1. root, the base images' names, debootstrap, the tools ---------------------------------
if [ "$(id -u)" != 0 ]; then
	# Rootful podman and debootstrap: as root, through sudo when it asks no password.
	if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
		exec sudo -n env "PATH=$PATH" bash "$0" "$@"
	fi
	skip "podman cannot be installed and run here: this needs root, and sudo asks for a password"
fi

mapfile -t bases < <(awk 'toupper($1) == "FROM" { print $2 }' Dockerfile)
golang=; distroless=
for b in "${bases[@]}"; do
	case "$b" in
	golang:*) golang=$b ;;
	gcr.io/distroless/static-debian12:nonroot) distroless=$b ;;
	*) fail "the Dockerfile uses base image $b, which this check has no stand-in for" ;;
	esac
done
[ -n "$golang" ] && [ -n "$distroless" ] || fail "the Dockerfile's base images are not golang:VERSION and $distroless: ${bases[*]}"
want_go=${golang#golang:}
mod_go=$(awk '$1 == "go" { print $2; exit }' go.mod)
[ "$want_go" = "$mod_go" ] || fail "the Dockerfile builds with $golang but go.mod says go $mod_go: make them agree (the image sets GOTOOLCHAIN=local)"
host_go=$(go env GOVERSION)
[ "$host_go" = "go$want_go" ] || fail "this machine's Go is $host_go; the golang stand-in needs go$want_go at /usr/local/go"
goroot=$(go env GOROOT)
certs=/etc/ssl/certs/ca-certificates.crt
[ -s "$certs" ] || fail "no CA bundle at $certs"

# Podman's configuration and store are private to this run: the commands below, the cleanup's
# "rm -a" included, never touch the machine's own containers.
work=$(mktemp -d "${TMPDIR:-/tmp}/kutip-container-check.XXXXXX")
export CONTAINERS_CONF="$work/containers.conf" CONTAINERS_STORAGE_CONF="$work/storage.conf"
# The soft and hard limits podman gives containers may not exceed the machine's hard limits.
nofile=$(ulimit -Hn); nproc=$(ulimit -Hu)
[ "$nofile" = unlimited ] && nofile=1048576
[ "$nproc" = unlimited ] && nproc=32768
nofile=$((nofile < 1048576 ? nofile : 1048576)); nproc=$((nproc < 32768 ? nproc : 32768))
cat >"$CONTAINERS_CONF" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[network]
network_config_dir = "$work/networks"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$work/libpod-tmp"
EOF
cat >"$CONTAINERS_STORAGE_CONF" <<EOF
[storage]
driver = "overlay"
graphroot = "$work/storage"
runroot = "$work/run"
EOF
mkdir -p "$work/networks" "$work/libpod-tmp"
pids=()
compose_up=
cleanup() {
	status=$?
	# Background subshells inherit the trap; only the script itself cleans up.
	[ "$BASHPID" = "$$" ] || exit "$status"
	set +e
	local t=$SECONDS
	if [ -n "$compose_up" ]; then
		(cd "$work/compose" && docker-compose -p kutipci down -v --timeout 5) >/dev/null 2>&1
	fi
	if command -v podman >/dev/null; then
		command podman rm -f -t 0 -a >/dev/null 2>&1
	fi
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
	# The private store goes as a whole: its overlay mounts first, if any are left.
	grep -o "$work/[^ ]*" /proc/mounts 2>/dev/null | sort -r | xargs -r -n1 umount -l 2>/dev/null
	rm -rf "$work"
	say "cleaned up in $((SECONDS - t))s"
	exit "$status"
}
trap cleanup EXIT
forget() { # pid: a background process that has ended, so that cleanup never kills its reused id
	local keep=() p
	for p in "${pids[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	pids=("${keep[@]}")
}
trap 'exit 130' INT TERM

apt_install() { # packages...: apt-get install, with apt-get update first when that fails
	command -v apt-get >/dev/null || return 1
	local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600)
	"${apt[@]}" install -y --no-install-recommends "$@" >"$work/apt.log" 2>&1 && return 0
	"${apt[@]}" update >>"$work/apt.log" 2>&1
	"${apt[@]}" install -y --no-install-recommends "$@" >>"$work/apt.log" 2>&1 && return 0
	tail -n 20 "$work/apt.log" >&2
	return 1
}
if ! command -v debootstrap >/dev/null; then
	say "installing debootstrap"
	apt_install debootstrap ca-certificates || skip "podman cannot be installed here: apt-get install debootstrap failed (above)"
fi
# Debootstrap takes the longest: start it now, and do the rest meanwhile.
mirror=${KUTIP_DEBIAN_MIRROR:-http://deb.debian.org/debian}
say "debootstrap bookworm (minbase) from $mirror for $golang"
# --foreign unpacks the packages without configuring them, which takes minutes and which the
# build (a shell and Go) does not need.
debootstrap --foreign --variant=minbase bookworm "$work/golang" "$mirror" >"$work/debootstrap.log" 2>&1 &
deboot=$!
pids+=("$deboot")

packages=(podman buildah runc docker-compose)
have_tools() {
	command -v podman >/dev/null && command -v runc >/dev/null && command -v docker-compose >/dev/null &&
		command -v buildah >/dev/null
}
if ! have_tools; then
	say "installing ${packages[*]} (--no-install-recommends)"
	apt_install "${packages[@]}" || skip "podman cannot be installed here: apt-get install ${packages[*]} failed (above)"
	have_tools || skip "podman cannot be installed here: the packages installed but a command is missing"
fi
# Podman logs an error for every container with a HEALTHCHECK where systemd (which would run it
# on a timer) is absent; the check runs it itself.
podman() { command podman "$@" 2> >(grep -v 'unable to get systemd connection' >&2); }
say "$(podman --version), $(buildah --version | cut -d' ' -f1-3), $(runc --version | head -n1), $(docker-compose --version)"

# --- 2. the stand-ins for the base images ---------------------------------------------------
say "building the fake Bot API (internal/testing/fakebotapi)"
CGO_ENABLED=0 go build -o "$work/fakebotapi" ./internal/testing/fakebotapi

say "making $distroless"
d="$work/distroless"
mkdir -p "$d/etc/ssl/certs" "$d/usr/share" "$d/home/nonroot" "$d/root" "$d/tmp"
cat >"$d/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
cat >"$d/etc/group" <<'EOF'
root:x:0:
nobody:x:65534:
tty:x:5:
staff:x:50:
nonroot:x:65532:
EOF
echo 'hosts: files dns' >"$d/etc/nsswitch.conf"
printf 'PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="12"\nHOME_URL="https://github.com/GoogleContainerTools/distroless"\n' >"$d/etc/os-release"
cp "$certs" "$d/etc/ssl/certs/ca-certificates.crt"
tar -C /usr/share --exclude=zoneinfo/right --exclude=zoneinfo/posix -cf - zoneinfo | tar -C "$d/usr/share" -xf -
chmod 0700 "$d/root" "$d/home/nonroot"
chmod 1777 "$d/tmp"
chown 65532:65532 "$d/home/nonroot"
tar --numeric-owner -C "$d" -cf - . | podman import \
	--change 'USER 65532' --change 'WORKDIR /home/nonroot' \
	--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
	--change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
	- "$distroless" >"$work/import.log" 2>&1 || { cat "$work/import.log" >&2; fail "podman import $distroless failed"; }

wait "$deboot" || { forget "$deboot"; tail -n 20 "$work/debootstrap.log" >&2; fail "debootstrap failed (log above)"; }
forget "$deboot"
say "making $golang"
g="$work/golang"
# What the second stage would do that a build needs: users, a real /proc mount point, no .debs;
# and no documentation or translations, which only slow the import down.
rm -rf "$g/debootstrap" "$g/proc" "$g"/var/cache/apt/archives/*.deb "$g"/usr/share/{doc,info,locale,man}
mkdir -p "$g/proc" "$g/etc/ssl/certs" "$g/go/bin" "$g/go/src" "$g/usr/local"
cp "$g/usr/share/base-passwd/passwd.master" "$g/etc/passwd"
cp "$g/usr/share/base-passwd/group.master" "$g/etc/group"
cp "$certs" "$g/etc/ssl/certs/ca-certificates.crt"
# The root and this machine's Go (without its own test suite) as /usr/local/go, in one stream.
tar --numeric-owner -cf - -C "$g" . -C "$(dirname "$goroot")" --exclude="$(basename "$goroot")/"{test,api,doc} \
	--transform "s,^$(basename "$goroot")\(/\|\$\),usr/local/go\1,S" "$(basename "$goroot")" | podman import \
	--change 'ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
	--change "ENV GOLANG_VERSION=$want_go" --change 'ENV GOTOOLCHAIN=local' --change 'ENV GOPATH=/go' \
	--change 'WORKDIR /go' \
	- "docker.io/library/$golang" >"$work/import.log" 2>&1 || { cat "$work/import.log" >&2; fail "podman import $golang failed"; }
rm -rf "$g" "$d"

# --- 3. the image -----------------------------------------------------------------------------
# The name docker-compose.yml gives the image with KUTIP_VERSION=ci, as a user builds it (podman
# stores it as localhost/kutip:ci, and its Docker API finds it under the short name).
image=kutip:ci
# The Go build cache of this machine, which CI's tests have just filled (cmd/kutip's
# TestDockerBuild runs the Dockerfile's build command), as BuildKit's cache mounts would be.
cache=()
gocache=$(go env GOCACHE)
[ -d "$gocache" ] && cache=(--volume "$gocache:/root/.cache/go-build")
say "podman build --format docker --pull=never -t $image . ${cache[*]}"
build_start=$SECONDS
podman build --format docker --pull=never --build-arg VERSION=ci "${cache[@]}" -t "$image" . >"$work/build.log" 2>&1 ||
	{ tail -n 30 "$work/build.log" >&2; fail "podman build failed (log above)"; }
say "built in $((SECONDS - build_start))s"

size=$(podman image inspect --format '{{.Size}}' "$image")
say "image size: $size bytes ($(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }') MB)"
[ "$size" -le 20000000 ] || fail "the image is over 20 MB"
user=$(podman image inspect --format '{{.Config.User}}' "$image")
[ "$user" = "65532:65532" ] || fail "the image's user is \"$user\", want 65532:65532"
health=$(podman image inspect --format '{{.Config.Healthcheck}}' "$image")
case "$health" in *healthcheck*) ;; *) fail "the image has no HEALTHCHECK (built without --format docker?): $health" ;; esac
say "user 65532:65532, HEALTHCHECK $health"

say "kutip version: $(podman run --rm --network none "$image" version)"

question="Di mana Putin bertemu Kim Jong Un?"
say "kutip ask (no network): $question"
out=$(podman run --rm --network none "$image" ask "$question") || fail "kutip ask failed: $out"
printf '%s\n' "$out" | sed 's/^/    /'
printf '%s\n' "$out" | grep -q '\[1\]' && printf '%s\n' "$out" | grep -Eq '[0-9]{3}_[0-9a-f]{16}\.txt' ||
	fail "kutip ask answered without a citation"

say "kutip telegram against the fake Bot API, API embeddings in a fresh /data volume"
token=123456:container-check
"$work/fakebotapi" --addr 0.0.0.0:0 --port-file "$work/port" --token "$token" --v1 \
	--ask "$question" --timeout 90s >"$work/telegram.out" 2>&1 &
fake=$!
pids+=("$fake")
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || fail "the fake Bot API did not start: $(cat "$work/telegram.out")"
port=$(cat "$work/port")
podman volume create kutip-ci-data >/dev/null
podman run -d --name kutip-ci-bot -v kutip-ci-data:/data \
	-e TELEGRAM_BOT_TOKEN="$token" \
	-e TELEGRAM_API_ENDPOINT="http://host.containers.internal:$port/bot%s/%s" \
	-e OPENAI_BASE_URL="http://host.containers.internal:$port/v1" \
	-e KUTIP_EMBEDDER=openai -e KUTIP_EMBED_MODEL=fake-model \
	"$image" >"$work/run.log" 2>&1 || { cat "$work/run.log" >&2; fail "podman run failed"; }
fake_ok=1
wait "$fake" || fake_ok=
forget "$fake"
if [ -z "$fake_ok" ]; then
	cat "$work/telegram.out" >&2
	podman logs kutip-ci-bot >&2
	fail "the bot did not answer through the fake Bot API"
fi
sed 's/^/    /' "$work/telegram.out"

pid=$(podman inspect --format '{{.State.Pid}}' kutip-ci-bot)
uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")
[ "$uid" = 65532 ] || fail "the bot runs as uid $uid, want 65532"
say "the bot runs as uid $uid"

data=$(podman volume inspect --format '{{.Mountpoint}}' kutip-ci-data)
files=$(find "$data" -mindepth 1 -user 65532 | wc -l)
[ "$files" -gt 0 ] || fail "the bot wrote nothing to the fresh /data volume: $(ls -la "$data")"
say "the fresh /data volume holds $files files of uid 65532: $(find "$data" -mindepth 1 -maxdepth 1 -printf '%f ')"

healthy() { # container: run its HEALTHCHECK until it passes, for at most 60 s
	for _ in $(seq 60); do
		if podman healthcheck run "$1" >/dev/null 2>&1; then return 0; fi
		sleep 1
	done
	return 1
}
healthy kutip-ci-bot || { podman logs kutip-ci-bot >&2; fail "the HEALTHCHECK does not pass"; }
say "HEALTHCHECK: $(podman inspect --format '{{.State.Health.Status}}' kutip-ci-bot)"
podman stop -t 15 kutip-ci-bot >/dev/null 2>&1
code=$(podman inspect --format '{{.State.ExitCode}}' kutip-ci-bot)
[ "$code" = 0 ] || { podman logs kutip-ci-bot >&2; fail "the bot exited $code on SIGTERM, want 0"; }
podman rm kutip-ci-bot >/dev/null 2>&1
podman volume rm kutip-ci-data >/dev/null

# --- docker-compose through podman's Docker-compatible API ------------------------------------
say "docker-compose up (docker-compose.yml, no profile)"
"$work/fakebotapi" --addr 0.0.0.0:0 --port-file "$work/compose-port" --token "$token" >"$work/compose-fake.out" 2>&1 &
pids+=("$!")
command podman system service --time=0 "unix://$work/podman.sock" >"$work/service.log" 2>&1 &
pids+=("$!")
for _ in $(seq 100); do [ -S "$work/podman.sock" ] && [ -s "$work/compose-port" ] && break; sleep 0.1; done
[ -S "$work/podman.sock" ] || fail "podman system service did not start: $(cat "$work/service.log")"
export DOCKER_HOST="unix://$work/podman.sock"
mkdir "$work/compose"
cp docker-compose.yml "$work/compose/"
free_port() { # a TCP port nothing listens on, for the published port
	local p
	for p in $(seq $((20000 + RANDOM % 20000)) 1 65000); do
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
}
cat >"$work/compose/.env" <<EOF
KUTIP_VERSION=ci
KUTIP_REVISION=
KUTIP_PORT=$(free_port)
TELEGRAM_BOT_TOKEN=$token
TELEGRAM_API_ENDPOINT=http://host.containers.internal:$(cat "$work/compose-port")/bot%s/%s
EOF
(cd "$work/compose" && docker-compose --profile ollama config -q) || fail "docker-compose.yml is invalid with the ollama profile"
compose_up=1
(cd "$work/compose" && docker-compose -p kutipci up -d --no-build) >"$work/compose.log" 2>&1 ||
	{ cat "$work/compose.log" >&2; fail "docker-compose up failed"; }
ctr=$(podman ps -q --filter label=com.docker.compose.project=kutipci --filter label=com.docker.compose.service=kutip)
[ -n "$ctr" ] || { cat "$work/compose.log" >&2; fail "docker-compose started no kutip container"; }
healthy "$ctr" || { podman logs "$ctr" >&2; fail "the compose service does not become healthy"; }
(cd "$work/compose" && docker-compose -p kutipci ps) | sed 's/^/    /'
status=$(podman inspect --format '{{.State.Health.Status}}' "$ctr")
[ "$status" = healthy ] || fail "the compose service is $status, want healthy"
volumes=$(podman volume ls -q --filter label=com.docker.compose.project=kutipci | tr '\n' ' ')
say "compose volumes: $volumes"
case "$volumes" in *ollama*) fail "docker-compose created an Ollama volume without the ollama profile" ;; esac
[ -n "$(podman ps -q --filter label=com.docker.compose.project=kutipci --filter label=com.docker.compose.service=ollama)" ] &&
	fail "docker-compose started Ollama without the ollama profile"
(cd "$work/compose" && docker-compose -p kutipci down -v --timeout 15) >>"$work/compose.log" 2>&1 ||
	{ cat "$work/compose.log" >&2; fail "docker-compose down -v failed"; }
compose_up=
left="$(podman ps -aq --filter label=com.docker.compose.project=kutipci)$(podman volume ls -q --filter label=com.docker.compose.project=kutipci)$(podman network ls -q --filter label=com.docker.compose.project=kutipci)"
[ -z "$left" ] || fail "docker-compose down -v left containers, volumes or networks behind: $left"
say "docker-compose down -v: nothing left"

say "ok: image $((size / 1000)) kB, container check took $((SECONDS - start))s"
