package io.elasticface.engine;

import io.elasticface.engine.UnreadableImageException;
import io.elasticface.engine.gallery.Gallery;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

/**
 * Times the whole pipeline (decode, detect, align, describe, match) on one thread, warm, for the photo
 * sizes the service sees, plus the cold start. Inputs come from the shared datasets: a 64x64 course photo
 * and one face cut from dlib's montage, scaled to 640x480, 1 MP and 12 MP JPEGs at run time.
 */
public final class EngineBenchmark {

    private static final long WARM_UP_NANOS = 3_000_000_000L;

    private final Path datasets;
    private final int iterations;
    private final PrintStream out;

    public EngineBenchmark(Path datasets, int iterations, PrintStream out) {
        this.datasets = datasets;
        this.iterations = iterations;
        this.out = out;
    }

    public void run() throws IOException, UnreadableImageException {
        Map<String, byte[]> inputs = inputs();
        long constructStart = System.nanoTime();
        long cpuStart = processCpuNanos();
        try (FaceEngine engine = new FaceEngine(EngineSettings.defaults(), Gallery.empty())) {
            byte[] first = inputs.values().iterator().next();
            int faces = engine.describe(first).size();
            long now = System.currentTimeMillis();
            // the process's CPU as well as the wall time: on a shared machine the wall time mostly measures the neighbours
            out.printf("cold start: JVM start to first answer %d ms (engine load + first image %d ms, %d ms of the "
                            + "process's CPU, %d face)%n", now - ManagementFactory.getRuntimeMXBean().getStartTime(),
                    (System.nanoTime() - constructStart) / 1_000_000, (processCpuNanos() - cpuStart) / 1_000_000, faces);
            for (Map.Entry<String, byte[]> input : inputs.entrySet()) {
                time(engine, input.getKey(), input.getValue());
            }
            throughput(engine, first, 2);
            batches(engine, inputs);
            out.printf("resident memory: %s%n", residentMemory());
        }
    }

    /** Images per second with {@code threads} threads sharing the engine, as two workers on two cores would. */
    private void throughput(FaceEngine engine, byte[] image, int threads) throws UnreadableImageException {
        int perThread = iterations * 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(() -> {
                    for (int i = 0; i < perThread; i++) {
                        engine.describe(image);
                    }
                    return null;
                });
            }
            long t0 = System.nanoTime();
            for (Future<Void> done : pool.invokeAll(work)) {
                done.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf("%d threads, first image: %.1f images/s (%d images)%n", threads, threads * perThread / seconds,
                    threads * perThread);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    /**
     * The descriptor net one chip at a time against batches of 2, 4 and 8 (#16 item 5: a worker holding several
     * requests could describe their faces together): CPU ms per chip on this thread, after a warm-up.
     */
    private void batches(FaceEngine engine, Map<String, byte[]> inputs) throws UnreadableImageException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, byte[]> input : inputs.entrySet()) {
            List<float[]> found = engine.chips(input.getValue());
            if (found.isEmpty() || input.getKey().startsWith("12 MP") || input.getKey().startsWith("montage")) {
                continue;
            }
            StringBuilder line = new StringBuilder(String.format("%-30s describe, cpu ms per chip:", input.getKey()));
            for (int batch : new int[] {1, 2, 4, 8}) {
                List<float[]> chips = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    chips.add(found.get(0));
                }
                int calls = Math.max(4, iterations * 2 / batch);
                for (int i = 0; i < Math.max(3, calls / 4); i++) {
                    engine.describeChips(chips);
                }
                double[] perChip = new double[calls];
                for (int i = 0; i < calls; i++) {
                    long c0 = threads.getCurrentThreadCpuTime();
                    engine.describeChips(chips);
                    perChip[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6 / batch;
                }
                Arrays.sort(perChip);
                line.append(String.format("  batch %d: %.2f", batch, perChip[calls / 2]));
            }
            out.println(line);
        }
    }

    private static String residentMemory() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmRSS") || line.startsWith("VmHWM"))
                    .map(line -> line.replaceAll("\\s+", " ")).reduce((a, b) -> a + ", " + b).orElse("unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * Wall time is what a caller waits; the thread's CPU time is reported too because this machine is shared
     * and wall time grows with other processes' load, while CPU time mostly does not.
     */
    private void time(FaceEngine engine, String name, byte[] image) throws UnreadableImageException {
        int n = name.startsWith("12 MP") || name.startsWith("montage") ? Math.max(5, iterations / 5) : iterations;
        // Warm means the JIT has compiled the Java stages too: five calls left the first input 30-50% slower.
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        for (int i = 0; i < Math.min(5, n) || System.nanoTime() < warmUntil; i++) {
            engine.describe(image);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[n];
        double[] cpu = new double[n];
        int faces = 0;
        for (int i = 0; i < n; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            faces = engine.describe(image).size();
            wall[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        out.printf("%-30s %2d face(s)  wall median %6.1f ms p90 %6.1f ms | cpu median %6.1f ms min %6.1f ms (n=%d)%n",
                name, faces, wall[n / 2], wall[(int) (n * 0.9)], cpu[n / 2], cpu[0], n);
    }

    private Map<String, byte[]> inputs() throws IOException {
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        Path course = datasets.resolve("cse546-faces-enroll");
        try (var files = Files.list(course)) {
            Path photo = files.filter(p -> p.toString().endsWith(".jpg")).sorted().findFirst()
                    .orElseThrow(() -> new IOException("no course photo in " + course));
            inputs.put("64x64 course photo " + photo.getFileName(), Files.readAllBytes(photo));
        }
        BufferedImage montage = ImageIO.read(datasets.resolve("dlib-bald-guys/bald_guys.jpg").toFile());
        List<String> face = Files.readAllLines(datasets.resolve("dlib-bald-guys/faces.csv")).subList(1, 2);
        String[] box = face.get(0).split(",");
        BufferedImage oneFace = cropAround(montage, Integer.parseInt(box[0]), Integer.parseInt(box[1]),
                Integer.parseInt(box[2]), Integer.parseInt(box[3]));
        inputs.put("640x480 one face", jpeg(scaled(oneFace, 640, 480)));
        inputs.put("1 MP (1155x866) one face", jpeg(scaled(oneFace, 1155, 866)));
        inputs.put("12 MP (4000x3000) one face", jpeg(scaled(oneFace, 4000, 3000)));
        inputs.put("montage 1986x1545, 24 faces", Files.readAllBytes(datasets.resolve("dlib-bald-guys/bald_guys.jpg")));
        return inputs;
    }

    /** A 4:3 region around a face box, the face taking 60% of its height (no neighbouring photo's face). */
    private static BufferedImage cropAround(BufferedImage image, int left, int top, int right, int bottom) {
        int h = Math.min(image.getHeight(), (int) ((bottom - top) / 0.6));
        int w = Math.min(image.getWidth(), h * 4 / 3);
        int x = Math.max(0, Math.min(image.getWidth() - w, (left + right) / 2 - w / 2));
        int y = Math.max(0, Math.min(image.getHeight() - h, (top + bottom) / 2 - h / 2));
        return image.getSubimage(x, y, w, h);
    }

    private static BufferedImage scaled(BufferedImage image, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", bytes);
        return bytes.toByteArray();
    }

    /** {@code java ... EngineBenchmark [datasets dir] [iterations]}. */
    public static void main(String[] args) throws Exception {
        Path datasets = Path.of(args.length > 0 ? args[0] : "../shared/datasets");
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        new EngineBenchmark(datasets, iterations, System.out).run();
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
