import java.io.*;
import java.net.*;
import java.nio.file.*;
import java.util.*;

/** Stands in for elasticface.jar inside the systemd sandbox: checks what the JVM and the app need. */
public class Probe {
    public static void main(String[] args) throws Exception {
        String tier = args.length > 0 ? args[0] : "none";
        StringBuilder r = new StringBuilder("tier=" + tier + "\n");
        r.append("java.vm.info=").append(System.getProperty("java.vm.info")).append('\n');
        r.append("user=").append(System.getProperty("user.name")).append('\n');
        r.append("djl_cache=").append(System.getenv("DJL_CACHE_DIR")).append(" offline=").append(System.getenv("DJL_OFFLINE")).append('\n');
        r.append("drain=").append(System.getenv("ELASTICFACE_WORKER_DRAIN_TIMEOUT")).append('\n');
        r.append("region=").append(System.getenv("ELASTICFACE_AWS_REGION")).append('\n');
        r.append("processors=").append(Runtime.getRuntime().availableProcessors()).append(" maxHeapMB=").append(Runtime.getRuntime().maxMemory() >> 20).append('\n');
        r.append("write /var/lib/elasticface: ").append(tryWrite("/var/lib/elasticface/" + tier + ".probe")).append('\n');
        r.append("write /var/cache/elasticface: ").append(tryWrite("/var/cache/elasticface/" + tier + ".probe")).append('\n');
        r.append("write /opt/elasticface: ").append(tryWrite("/opt/elasticface/" + tier + ".probe")).append('\n');
        r.append("write /etc: ").append(tryWrite("/etc/" + tier + ".probe")).append('\n');
        r.append("write /tmp: ").append(tryWrite("/tmp/" + tier + ".probe")).append('\n');
        r.append("list /root: ").append(tryList("/root")).append('\n');
        r.append("list /home: ").append(tryList("/home")).append('\n');
        try {
            r.append("interfaces=").append(Collections.list(NetworkInterface.getNetworkInterfaces()).size()).append('\n');
        } catch (Exception e) { r.append("interfaces FAILED ").append(e).append('\n'); }
        if (tier.equals("web")) {
            var server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(8000), 0);
            server.createContext("/", ex -> { byte[] b = "probe:UP".getBytes(); ex.sendResponseHeaders(200, b.length); ex.getResponseBody().write(b); ex.close(); });
            server.start();
            r.append("listening on 8000\n");
        }
        Files.writeString(Path.of("/var/lib/elasticface/" + tier + ".status"), r.toString());
        long drainMs = tier.equals("worker") ? 5000 : 0;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.writeString(Path.of("/var/lib/elasticface/" + tier + ".stop"), "SIGTERM received, draining " + drainMs + " ms\n");
                Thread.sleep(drainMs);
                Files.writeString(Path.of("/var/lib/elasticface/" + tier + ".stop"), "drained\n", StandardOpenOption.APPEND);
            } catch (Exception e) { }
        }));
        if (tier.equals("train")) return;
        Thread.sleep(Long.MAX_VALUE);
    }
    static String tryWrite(String p) { try { Files.writeString(Path.of(p), "x"); return "ok"; } catch (Exception e) { return "denied (" + e.getClass().getSimpleName() + ")"; } }
    static String tryList(String p) { try (var s = Files.list(Path.of(p))) { return "ok " + s.count(); } catch (Exception e) { return "denied (" + e.getClass().getSimpleName() + ")"; } }
}
