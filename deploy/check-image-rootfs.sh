#!/usr/bin/env bash
# Checks what the image's runtime stage needs, where no container engine is at hand: builds the
# binary as the Dockerfile does (Debian 12, release, --static-swift-stdlib), puts it in an
# otherwise empty root filesystem with only the shared libraries it loads that distroless
# cc-debian12 provides (glibc, libstdc++, libgcc_s, zlib), none of it writable, and runs
# `costguard run` there as user 65532 against the demo's embedded cluster: the probes must answer,
# it must lead and evaluate, and SIGTERM must end it with status 0 and the Lease released.
#
#   sudo deploy/check-image-rootfs.sh        # root: chroot and mounting /proc need it
#
# About 8 minutes for the release build on two cores, then half a minute.
set -euo pipefail
cd "$(dirname "$0")/.."

allowed="libc.so.6 libm.so.6 libstdc++.so.6 libgcc_s.so.1 libz.so.1 ld-linux-x86-64.so.2 linux-vdso.so.1"
scratch=${SCRATCH:-/tmp/costguard-image-check}
rootfs="$scratch/rootfs"
metrics_port=${METRICS_PORT:-18080}
probe_port=${PROBE_PORT:-18081}

swift build -c release --product costguard --static-swift-stdlib --scratch-path "$scratch/build"
binary="$scratch/build/release/costguard"
swift build --product costguard
demo_binary="$(swift build --product costguard --show-bin-path)/costguard"

echo "== shared libraries the binary loads"
libraries=$(ldd "$binary" | awk '{print $1}' | xargs -n1 basename)
for library in $libraries; do
    case " $allowed " in
        *" $library "*) echo "   $library" ;;
        *) echo "   $library: not in distroless cc-debian12" >&2; exit 1 ;;
    esac
done

cleanup() {
    [ -n "${operator:-}" ] && kill "$operator" 2>/dev/null || true
    [ -n "${demo:-}" ] && kill "$demo" 2>/dev/null || true
    mountpoint -q "$rootfs/proc" && umount "$rootfs/proc"
    true
}
trap cleanup EXIT

rm -rf "$rootfs"
mkdir -p "$rootfs/lib/x86_64-linux-gnu" "$rootfs/lib64" "$rootfs/etc" "$rootfs/proc"
for library in $libraries; do
    [ "$library" = linux-vdso.so.1 ] && continue
    if [ "$library" = ld-linux-x86-64.so.2 ]; then cp -L /lib64/ld-linux-x86-64.so.2 "$rootfs/lib64/"
    else cp -L "/lib/x86_64-linux-gnu/$library" "$rootfs/lib/x86_64-linux-gnu/"; fi
done
cp "$binary" "$rootfs/costguard"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$rootfs/etc/group"

echo "== the demo's embedded cluster"
"$demo_binary" demo --speed 1 > "$scratch/demo.log" 2>&1 &
demo=$!
url=""
for _ in $(seq 1 60); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$scratch/demo.log" | head -1 || true)
    [ -n "$url" ] && break
    sleep 1
done
[ -n "$url" ] || { echo "the demo printed no address" >&2; exit 1; }
printf 'apiVersion: v1\nkind: Config\ncurrent-context: sim\nclusters: [{name: sim, cluster: {server: "%s"}}]\nusers: [{name: sim, user: {}}]\ncontexts: [{name: sim, context: {cluster: sim, user: sim}}]\n' \
    "$url" > "$rootfs/kubeconfig"
chown -R 0:0 "$rootfs"
chmod -R a-w "$rootfs"
# The container runtime mounts /proc; Swift reads the command line from it.
mount -t proc proc "$rootfs/proc"

echo "== costguard run as 65532 on the read-only root filesystem"
chroot --userspec=65532:65532 "$rootfs" /costguard run --kubeconfig /kubeconfig --leader-elect \
    --leader-election-namespace default --identity image-check \
    --metrics-bind-address "127.0.0.1:$metrics_port" --health-probe-bind-address "127.0.0.1:$probe_port" \
    > "$scratch/operator.log" 2>&1 &
operator=$!
ready=""
for _ in $(seq 1 30); do
    ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$probe_port/readyz" || true)
    [ "$ready" = 200 ] && break
    sleep 1
done
[ "$ready" = 200 ] || { echo "/readyz answered '$ready'" >&2; cat "$scratch/operator.log" >&2; exit 1; }
sleep 2
metrics=$(curl -s "http://127.0.0.1:$metrics_port/metrics")
grep -q '^costguard_leader 1' <<<"$metrics" || { echo "not leading" >&2; exit 1; }
grep -q '^costguard_evaluations_total{guard="demo"}' <<<"$metrics" || { echo "no evaluation" >&2; exit 1; }
echo "   /readyz 200, leading, evaluating; user $(ps -o user= -p "$operator" 2>/dev/null || echo '?')"

kill -TERM "$operator"
status=0
wait "$operator" || status=$?
operator=""
[ "$status" = 0 ] || { echo "exit status $status after SIGTERM" >&2; exit 1; }
grep -q '"released the lease"' "$scratch/operator.log" || { echo "the Lease was not released" >&2; exit 1; }
echo "   SIGTERM: exit 0, Lease released"
echo "ok"
