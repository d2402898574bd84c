#!/usr/bin/env bash
# Runs as root on the Packer build instance (deploy/packer/app-tier.pkr.hcl), Ubuntu 24.04.
# Inputs: /tmp/elasticface.jar, /tmp/systemd/ (deploy/systemd), ELASTICFACE_WARMUP_ARGS.
# On Amazon Linux 2023 the only change is the Java package: dnf install java-17-amazon-corretto-headless.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

# cloud-init may still be running apt on a fresh instance.
cloud-init status --wait >/dev/null 2>&1 || true

apt-get update
apt-get install -y --no-install-recommends openjdk-17-jre-headless
apt-get clean
java -version

# Instances have outbound HTTPS to AWS only and are patched by baking a new AMI, so nothing should
# try to update packages at boot (it would also compete with the worker for the CPU).
systemctl disable --now apt-daily.timer apt-daily-upgrade.timer unattended-upgrades.service 2>/dev/null || true

# The service user: no login, no home of its own.
id elasticface >/dev/null 2>&1 || useradd --system --user-group --home-dir /var/lib/elasticface \
  --no-create-home --shell /usr/sbin/nologin elasticface

install -d -m 0755 /opt/elasticface /etc/elasticface
install -m 0644 /tmp/elasticface.jar /opt/elasticface/elasticface.jar
# Class data sharing cannot archive classes loaded from the jars nested in a Spring Boot fat jar:
# extract it (app/elasticface.jar + app/lib/) and run the extracted form.
rm -rf /opt/elasticface/app
java -Djarmode=tools -jar /opt/elasticface/elasticface.jar extract --destination /opt/elasticface/app
install -d -o elasticface -g elasticface -m 0750 \
  /var/cache/elasticface /var/cache/elasticface/djl /var/lib/elasticface

# The training run, as the service user with the service's DJL settings: DJL extracts libtorch into
# the cache the unit uses, the engine keeps its kernel probe's verdicts there (for this instance type's
# CPU; another type probes once on its first start), and the JVM writes the CDS archive when it exits.
# The bake has no AWS resources (the stack is created from this AMI afterwards), yet the worker checks
# its bucket while starting (HeadBucket). So the training run talks to a loopback stand-in that answers
# every request with 200 and an empty body; with an endpoint set, the apps use the emulators' fixed,
# non-secret identity, so no credentials are needed either.
cat > /tmp/aws-stub.py <<'STUB'
import http.server, sys
class Ok(http.server.BaseHTTPRequestHandler):
    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = b"" if self.command == "HEAD" else b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = answer
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Ok).serve_forever()
STUB
python3 /tmp/aws-stub.py 18777 &
stub=$!
trap 'kill $stub 2>/dev/null || true' EXIT
warmup() {
  # shellcheck disable=SC2086 # the arguments are a list on purpose
  runuser -u elasticface -- env DJL_CACHE_DIR=/var/cache/elasticface/djl DJL_OFFLINE=true \
    ELASTICFACE_AWS_REGION=us-east-1 ELASTICFACE_AWS_ENDPOINT=http://127.0.0.1:18777 \
    java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
    "$@" $ELASTICFACE_WARMUP_ARGS
}
cd /var/lib/elasticface
rm -f /tmp/elasticface.jsa
start=$(date +%s%N)
# -Xlog:cds=error: picocli's classes (Java 5 format) cannot be archived; skip a warning for each.
if ! warmup -Xlog:cds=error -XX:ArchiveClassesAtExit=/tmp/elasticface.jsa; then
  echo "bake: the training run exited non-zero; the archive holds what it loaded until then" >&2
fi
cold_ms=$(( ($(date +%s%N) - start) / 1000000 ))
test -s /tmp/elasticface.jsa || { echo "bake: no CDS archive was written" >&2; exit 1; }
install -m 0644 /tmp/elasticface.jsa /opt/elasticface/app/elasticface.jsa

# An instance must not download anything at boot: libtorch has to be in the cache now.
if ! find /var/cache/elasticface/djl -name 'libtorch*.so*' | grep -q .; then
  echo "bake: DJL did not extract libtorch into /var/cache/elasticface/djl; the worker must load" \
       "its engine during start-up (or give ELASTICFACE_WARMUP_ARGS a command that does)" >&2
  exit 1
fi

# Start-up to the end of context refresh, with the archive, for the record (and BENCHMARKS.md).
start=$(date +%s%N)
warmup -XX:SharedArchiveFile=/opt/elasticface/app/elasticface.jsa || true
warm_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "bake: start-up without CDS (first run, extracting libtorch): ${cold_ms} ms; with CDS: ${warm_ms} ms"

install -m 0644 /tmp/systemd/elasticface-*.service /etc/systemd/system/
install -m 0644 /tmp/systemd/env/*.env.example /etc/elasticface/
# daemon-reload only where systemd runs (not in a chroot, where this script can be tried out).
if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
# Enabled, and each starts only where its /etc/elasticface/<tier>.env exists (ConditionPathExists):
# user data writes worker.env on app-tier instances, web.env and autoscaler.env on the web instance.
systemctl enable elasticface-worker.service elasticface-web.service elasticface-autoscaler.service
for unit in /etc/systemd/system/elasticface-*.service; do
  systemd-analyze verify "$unit"
done

kill "$stub" 2>/dev/null || true
chown -R elasticface:elasticface /var/cache/elasticface /var/lib/elasticface
rm -rf /tmp/elasticface.jar /tmp/elasticface.jsa /tmp/systemd /tmp/aws-stub.py
echo "bake: done"
