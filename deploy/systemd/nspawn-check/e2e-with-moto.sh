#!/usr/bin/env bash
# The whole AWS path on one machine, with the real jar: bakes a Debian root file system with
# deploy/packer/bake.sh (as Packer does on EC2), boots it under systemd in a systemd-nspawn container
# with the units of deploy/systemd, points the three services at moto (a local AWS API emulator on
# loopback) prepared by the LocalStack init script, then checks: the services start in their sandbox,
# POST / on port 8000 answers "test_000:<name>" through S3 and SQS, the autoscaler starts and stops a
# pool instance, and the worker stops cleanly (SIGTERM, exit status 143 counted as success).
#
# usage: sudo deploy/systemd/nspawn-check/e2e-with-moto.sh [path/to/elasticface.jar]
#   default jar: cli/target/elasticface.jar (./mvnw -B -pl cli -am package -DskipTests)
#   RECOGNIZER=engine once the face engine is in the jar; with the default (placeholder) the bake's
#   libtorch check is given a stand-in file, since the placeholder loads no native library.
# Needs root, debootstrap, systemd-container, python3 with moto[server], the AWS CLI.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
jar="${1:-$root/cli/target/elasticface.jar}"
rootfs="${ROOTFS:-/var/tmp/elasticface-nspawn-bookworm}"
recognizer="${RECOGNIZER:-placeholder}"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
test -s "$jar" || { echo "no jar at $jar: ./mvnw -B -pl cli -am package -DskipTests" >&2; exit 2; }

moto_pid=""
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  if [ -n "$moto_pid" ]; then kill "$moto_pid" 2>/dev/null || true; fi
  umount "$rootfs/dev" 2>/dev/null || true
  umount "$rootfs/proc" 2>/dev/null || true
}
trap cleanup EXIT

if [ ! -x "$rootfs/usr/bin/java" ]; then
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,openjdk-17-jre-headless,python3 \
    bookworm "$rootfs" http://deb.debian.org/debian
fi
rm -f "$rootfs"/etc/systemd/system/multi-user.target.wants/elasticface-*.service
rm -f "$rootfs"/etc/elasticface/*.env

# ---- bake, as on the Packer instance
cp "$jar" "$rootfs/tmp/elasticface.jar"
rm -rf "$rootfs/tmp/systemd" && cp -r "$root/deploy/systemd" "$rootfs/tmp/systemd"
cp "$root/deploy/packer/bake.sh" "$rootfs/tmp/bake.sh"
if [ "$recognizer" = placeholder ]; then
  install -d "$rootfs/var/cache/elasticface/djl/stand-in" && touch "$rootfs/var/cache/elasticface/djl/stand-in/libtorch.so"
fi
mount -t proc proc "$rootfs/proc"
mount --bind /dev "$rootfs/dev"
chroot "$rootfs" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
  ELASTICFACE_WARMUP_ARGS="-Dspring.context.exit=onRefresh -jar /opt/elasticface/app/elasticface.jar worker --elasticface.worker.recognizer=$recognizer" \
  bash /tmp/bake.sh 2>&1 | grep '^bake:'
umount "$rootfs/dev" "$rootfs/proc"

# ---- AWS: moto on loopback (the container shares the host's network), resources as in LocalStack
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
python3 -m moto.server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto_pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1 && break; sleep 0.2; done
printf '#!/bin/bash\nexec aws --endpoint-url http://127.0.0.1:%s "$@"\n' "$port" > "$rootfs/tmp/awslocal"
chmod +x "$rootfs/tmp/awslocal"
AWSLOCAL="$rootfs/tmp/awslocal" ELASTICFACE_POOL_SIZE=2 bash "$root/deploy/localstack/init/ready.d/10-elasticface.sh" >/dev/null

for tier in web worker autoscaler; do
  cat > "$rootfs/etc/elasticface/$tier.env" <<ENV
ELASTICFACE_AWS_REGION=us-east-1
ELASTICFACE_AWS_ENDPOINT=http://127.0.0.1:$port
ELASTICFACE_NAMES_PREFIX=elasticface
ELASTICFACE_RESULTS_STORE=directory
ELASTICFACE_RESULTS_DIRECTORY=/var/lib/elasticface/results
ELASTICFACE_WORKER_RECOGNIZER=$recognizer
ELASTICFACE_WORKER_CONCURRENCY=1
ELASTICFACE_AUTOSCALER_PROVIDER=ec2
ELASTICFACE_AUTOSCALER_MAX=2
JAVA_OPTS=-XX:+ExitOnOutOfMemoryError -Xmx384m
ENV
done

cat > "$rootfs/root/e2e.sh" <<'INNER'
#!/bin/bash
exec > /root/e2e.txt 2>&1
for i in $(seq 1 120); do
  python3 -c 'import urllib.request,sys; sys.exit(0 if b"UP" in urllib.request.urlopen("http://127.0.0.1:8000/readyz").read() else 1)' 2>/dev/null && break
  sleep 1
done
echo "web healthy after ${i}s"
for u in web worker autoscaler; do
  echo "state $u $(systemctl is-active elasticface-$u) restarts=$(systemctl show -p NRestarts --value elasticface-$u)"
done
# Stop the worker first (a clean stop: SIGTERM, exit status 143), so that the request waits in the
# queue long enough for the autoscaler to see it whatever the timing; then start it again.
start=$(date +%s%N); systemctl stop elasticface-worker
echo "worker stop took $(( ($(date +%s%N) - start) / 1000000 )) ms"
systemctl show -p Result -p ExecMainStatus elasticface-worker
cat > /root/post.py <<'PY'
import urllib.request, uuid, time
png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
b = uuid.uuid4().hex
body = (f"--{b}\r\nContent-Disposition: form-data; name=\"inputFile\"; filename=\"test_000.png\"\r\n"
        "Content-Type: image/png\r\n\r\n").encode() + png + f"\r\n--{b}--\r\n".encode()
req = urllib.request.Request("http://127.0.0.1:8000/", data=body,
                             headers={"Content-Type": f"multipart/form-data; boundary={b}"})
t = time.time()
try:
    r = urllib.request.urlopen(req, timeout=180)
    print("POST / ->", r.status, r.read().decode(), f"in {(time.time() - t) * 1000:.0f} ms")
except Exception as e:
    print("POST / failed:", e)
PY
python3 /root/post.py > /root/post.txt 2>&1 &
post=$!
sleep 6
systemctl start elasticface-worker
wait $post
cat /root/post.txt
sleep 5
echo "--- autoscaler decisions"
journalctl -b -u elasticface-autoscaler --no-pager -o cat | grep -o 'SCALE_[A-Z]* start=[^ ]* stop=[^:]*' | head -4
journalctl -b -u elasticface-worker -u elasticface-web --no-pager -o cat | grep -E ' (WARN|ERROR) ' | grep -v 'end of support' | head -5
systemctl stop elasticface-web elasticface-autoscaler
systemctl poweroff
INNER
chmod +x "$rootfs/root/e2e.sh"
cat > "$rootfs/etc/systemd/system/elasticface-e2e.service" <<'INNER'
[Unit]
Description=Elastic Face end-to-end check
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/root/e2e.sh
TimeoutStartSec=600
[Install]
WantedBy=multi-user.target
INNER
chroot "$rootfs" systemctl enable elasticface-e2e.service elasticface-web.service elasticface-worker.service \
  elasticface-autoscaler.service >/dev/null 2>&1
rm -f "$rootfs/root/e2e.txt"
timeout 600 systemd-nspawn -q --register=no --keep-unit -D "$rootfs" --boot --console=pipe >/dev/null 2>&1 || true
chroot "$rootfs" systemctl disable elasticface-e2e.service >/dev/null 2>&1
result="$rootfs/root/e2e.txt"
cat "$result"

fail=0
expect() { if grep -qE -- "$1" "$result"; then echo "ok: $1"; else echo "MISSING: $1"; fail=1; fi; }
expect "state web active restarts=0"
expect "state worker active restarts=0"
expect "state autoscaler active restarts=0"
expect "POST / -> 200 test_000:"
expect "SCALE_OUT start=\[i-"
expect "SCALE_IN start=\[\] stop=\[i-"
expect "Result=success"
expect "ExecMainStatus=143"
exit $fail
