package io.elasticface.collections;

import io.elasticface.wire.RecognitionReply.Box;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Snapshots in binary (format {@value #FORMAT}): a million faces in JSON are 1.3 GB and take most of a minute to
 * read; in binary they are ~0.6 GB read in about a second, partition included. Big-endian:
 * <pre>
 * "EFSN" format collection at
 * faces:    count, then each: faceId subject source(or absent) box(or absent) descriptor(128 floats)
 * removed:  count, ids          absorbed: count, versions
 * partition: groups (0: none), then centres (groups × 128 floats) and a group per face
 * </pre>
 * Strings are a length and UTF-8 bytes; a length of -1 is absent.
 */
public final class SnapshotCodec {

    static final int FORMAT = 2;
    private static final int MAGIC = 0x4546534E; // "EFSN"
    private static final int D = FaceEntry.DESCRIPTOR_SIZE;

    private SnapshotCodec() {
    }

    public static byte[] encode(Snapshot snapshot) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + snapshot.faces().size() * (D * 4 + 80));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            string(out, snapshot.collection());
            out.writeLong(snapshot.at());
            out.writeInt(snapshot.faces().size());
            ByteBuffer descriptor = ByteBuffer.allocate(D * 4);
            for (FaceEntry face : snapshot.faces()) {
                string(out, face.faceId());
                string(out, face.subject());
                string(out, face.source());
                Box box = face.box();
                out.writeBoolean(box != null);
                if (box != null) {
                    out.writeInt(box.left());
                    out.writeInt(box.top());
                    out.writeInt(box.right());
                    out.writeInt(box.bottom());
                }
                descriptor.clear();
                descriptor.asFloatBuffer().put(face.descriptor());
                out.write(descriptor.array());
            }
            strings(out, snapshot.removed());
            strings(out, snapshot.absorbed());
            Partition partition = snapshot.partition();
            out.writeInt(partition == null ? 0 : partition.groupCount());
            if (partition != null) {
                for (float c : partition.centres()) {
                    out.writeFloat(c);
                }
                for (int g : partition.groups()) {
                    out.writeInt(g);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a snapshot of this format */
    public static Snapshot decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            if (in.getInt() != MAGIC) {
                throw new IllegalArgumentException("not a binary snapshot");
            }
            int format = in.getInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException("snapshot format " + format + ", not " + FORMAT);
            }
            String collection = string(in);
            long at = in.getLong();
            int count = in.getInt();
            List<FaceEntry> faces = new ArrayList<>(Math.max(0, Math.min(count, in.remaining() / (D * 4))));
            for (int i = 0; i < count; i++) {
                String faceId = string(in);
                String subject = string(in);
                String source = string(in);
                Box box = in.get() != 0 ? new Box(in.getInt(), in.getInt(), in.getInt(), in.getInt()) : null;
                float[] descriptor = new float[D];
                in.asFloatBuffer().get(descriptor);
                in.position(in.position() + D * 4);
                faces.add(new FaceEntry(faceId, subject, source, box, descriptor));
            }
            List<String> removed = strings(in);
            List<String> absorbed = strings(in);
            int groups = in.getInt();
            Partition partition = null;
            if (groups > 0) {
                float[] centres = new float[groups * D];
                in.asFloatBuffer().get(centres);
                in.position(in.position() + centres.length * 4);
                int[] group = new int[count];
                in.asIntBuffer().get(group);
                in.position(in.position() + group.length * 4);
                for (int g : group) {
                    if (g < 0 || g >= groups) {
                        throw new IllegalArgumentException("a face in group " + g + " of " + groups);
                    }
                }
                partition = new Partition(centres, group);
            }
            return new Snapshot(FORMAT, collection, faces, removed, absorbed, at, partition);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("a snapshot cut short", e);
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void strings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            string(out, s);
        }
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        if (length > in.remaining()) {
            throw new IllegalArgumentException("a string longer than the snapshot");
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    private static List<String> strings(ByteBuffer in) {
        int count = in.getInt();
        List<String> list = new ArrayList<>(Math.min(count, in.remaining() / 4));
        for (int i = 0; i < count; i++) {
            list.add(string(in));
        }
        return list;
    }
}
