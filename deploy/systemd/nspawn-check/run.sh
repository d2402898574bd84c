#!/usr/bin/env bash
# Boots the units of deploy/systemd under a real systemd (252, Debian bookworm) in a systemd-nspawn
# container and checks what `systemd-analyze verify` cannot: that a JVM runs inside the sandbox
# (system-call filter, address families, ProtectSystem=strict...), as user elasticface, with the
# CDS archive mapped, writing only where allowed; that the web tier answers on port 8000; that a
# unit without its env file is skipped; and that stopping the worker sends SIGTERM, waits for its
# drain and counts exit status 143 as success.
#
# The jar is a stand-in (Probe.java beside this script) that records what it can and cannot do, so
# this runs before and without the real tiers. Needs root, debootstrap and systemd-container
# (apt-get install -y debootstrap systemd-container) and Debian's package mirror; about 3 minutes
# the first time (the root file system is kept in $ROOTFS and reused).
#
# usage: sudo deploy/systemd/nspawn-check/run.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
units="$(cd "$here/.." && pwd)"
rootfs="${ROOTFS:-/var/tmp/elasticface-nspawn-bookworm}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ ! -x "$rootfs/usr/bin/java" ]; then
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,openjdk-17-jre-headless,python3 \
    bookworm "$rootfs" http://deb.debian.org/debian
fi

javac --release 17 -d "$work/classes" "$here/Probe.java"
printf 'Main-Class: Probe\n' > "$work/manifest"
install -d "$rootfs/opt/elasticface/app" "$rootfs/etc/elasticface"
jar cfm "$rootfs/opt/elasticface/app/elasticface.jar" "$work/manifest" -C "$work/classes" .
cp "$units"/elasticface-*.service "$rootfs/etc/systemd/system/"
rm -f "$rootfs"/etc/elasticface/*.env*
for tier in web worker autoscaler; do
  cp "$units/env/$tier.env.example" "$rootfs/etc/elasticface/$tier.env"
done
# The unit's CDS archive, written by a training run as the AMI bake does.
mount -t proc proc "$rootfs/proc"
chroot "$rootfs" java -XX:ArchiveClassesAtExit=/opt/elasticface/app/elasticface.jsa \
  -jar /opt/elasticface/app/elasticface.jar train >/dev/null 2>&1 || true
umount "$rootfs/proc"
test -s "$rootfs/opt/elasticface/app/elasticface.jsa"

cat > "$rootfs/root/check.sh" <<'INNER'
#!/bin/bash
exec > /root/result.txt 2>&1
id elasticface >/dev/null 2>&1 || useradd --system --user-group --home-dir /var/lib/elasticface \
  --no-create-home --shell /usr/sbin/nologin elasticface
# A kept root file system may have booted them already (enabled by an earlier run): start afresh.
systemctl stop elasticface-worker.service elasticface-web.service elasticface-autoscaler.service
systemctl reset-failed 2>/dev/null || true
rm -rf /var/lib/elasticface /var/cache/elasticface
systemctl daemon-reload
systemctl enable elasticface-worker.service elasticface-web.service elasticface-autoscaler.service
mv /etc/elasticface/autoscaler.env /etc/elasticface/autoscaler.env.off
systemctl start elasticface-worker.service elasticface-web.service elasticface-autoscaler.service
sleep 6
for u in worker web autoscaler; do echo "state $u $(systemctl is-active elasticface-$u.service)"; done
echo "autoscaler $(systemctl show -p ConditionResult elasticface-autoscaler.service)"
cat /var/lib/elasticface/worker.status /var/lib/elasticface/web.status
python3 -c 'import urllib.request; print("HTTP", urllib.request.urlopen("http://127.0.0.1:8000/").read().decode())'
start=$(date +%s%N); systemctl stop elasticface-worker.service
echo "worker stop took $(( ($(date +%s%N) - start) / 1000000 )) ms"
cat /var/lib/elasticface/worker.stop
systemctl show -p Result -p ExecMainStatus -p NRestarts elasticface-worker.service
journalctl -b -u elasticface-worker.service -u elasticface-web.service --no-pager -o cat | grep -i 'warn\|error' || true
systemd-analyze security elasticface-worker.service | tail -1
systemctl poweroff
INNER
chmod +x "$rootfs/root/check.sh"
cat > "$rootfs/etc/systemd/system/elasticface-check.service" <<'INNER'
[Unit]
Description=Elastic Face unit check
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/root/check.sh
[Install]
WantedBy=multi-user.target
INNER
chroot "$rootfs" systemctl enable elasticface-check.service >/dev/null 2>&1
rm -f "$rootfs/root/result.txt"

# --register=no --keep-unit: works where the host has no systemd as PID 1 (containers, sandboxes).
timeout 300 systemd-nspawn -q --register=no --keep-unit -D "$rootfs" --boot --console=pipe >/dev/null 2>&1 || true
result="$rootfs/root/result.txt"
cat "$result"

fail=0
expect() {
  if grep -qF -- "$1" "$result"; then echo "ok: $1"; else echo "MISSING: $1"; fail=1; fi
}
expect "state worker active"
expect "state web active"
expect "state autoscaler inactive"
expect "autoscaler ConditionResult=no"
expect "user=elasticface"
expect "mixed mode, sharing"
expect "write /var/lib/elasticface: ok"
expect "write /var/cache/elasticface: ok"
expect "write /opt/elasticface: denied"
expect "write /etc: denied"
expect "list /home: denied"
expect "interfaces="
expect "HTTP probe:UP"
expect "drained"
expect "Result=success"
expect "ExecMainStatus=143"
expect "NRestarts=0"
if grep -q "Error occurred during initialization of VM" "$result"; then
  echo "UNEXPECTED: a JVM failed to start"; fail=1
fi
exit $fail
