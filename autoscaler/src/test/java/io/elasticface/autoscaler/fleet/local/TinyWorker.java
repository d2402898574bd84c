package io.elasticface.autoscaler.fleet.local;

/**
 * A stand-in worker process: says it started, then idles; on SIGTERM it "drains" for a moment and says
 * so. With the argument {@code stubborn} its drain never ends, so only a kill stops it.
 */
public final class TinyWorker {

    public static void main(String[] args) throws InterruptedException {
        boolean stubborn = args.length > 1 && args[1].equals("stubborn");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("draining " + args[0]);
            try {
                Thread.sleep(stubborn ? Long.MAX_VALUE : 300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println("drained " + args[0]);
        }));
        // only now: a test stops it as soon as it reads this line, and a SIGTERM before the hook was a crash
        System.out.println("started " + args[0]);
        Thread.sleep(Long.MAX_VALUE);
    }
}
