package io.elasticface.results;

import io.elasticface.aws.AwsClients;
import io.elasticface.results.simpledb.SimpleDbClient.Attribute;
import io.elasticface.results.simpledb.SimpleDbClient;
import io.elasticface.results.simpledb.SimpleDbException;
import io.elasticface.wire.RecognitionReply.Enrolled;
import io.elasticface.wire.RecognitionReply.Face;
import io.elasticface.wire.RecognitionReply.Status;
import io.elasticface.wire.RecognitionReply.Timings;
import io.elasticface.wire.RecognitionReply.Verified;
import io.elasticface.wire.RecognitionReply;
import io.elasticface.wire.WireCodec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link ResultStore} on SimpleDB: one item per request, named by the request id.
 * <p>
 * Scalar fields are attributes of their own so that SimpleDB's console and queries can use them. Text fields
 * (file name, message, recognizer, worker, and as JSON the faces, an enrollment and a verification) may exceed SimpleDB's 1024-byte value limit,
 * so each is split on character boundaries: the first chunk under the field's name, the rest under
 * {@code name.1}, {@code name.2}…, and the chunk count under {@code name.chunks} (0 for null). Every attribute
 * is written with Replace=true in one PutAttributes, so a redelivered request overwrites every field; chunks
 * beyond the count, left by an earlier and longer write, are ignored on read. Reads are consistent reads, so
 * they reflect every acknowledged write.
 * <p>
 * SDK v2 has no SimpleDB client and SDK v1 is past its end of support, so this adapter speaks the Query API
 * through {@link SimpleDbClient}.
 */
public final class SimpleDbResultStore implements ResultStore {

    /** SimpleDB's limit on one attribute value, in UTF-8 bytes. */
    static final int MAX_VALUE_BYTES = 1024;
    /** SimpleDB's limit on attribute name-value pairs per item. */
    static final int MAX_ATTRIBUTES = 256;

    private static final String CHUNKS = ".chunks";
    private static final String FILE_NAME = "fileName";
    private static final String ENROLLED = "enrolled";
    private static final String VERIFIED = "verified";
    // Fixed width, so storedAt values sort as strings, which is how SimpleDB compares them.
    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final SimpleDbClient sdb;
    private final String domain;
    private final Clock clock;

    public SimpleDbResultStore(SimpleDbClient sdb, String domain, Clock clock) {
        this.sdb = sdb;
        this.domain = domain;
        this.clock = clock;
    }

    /** A SimpleDB client with the tier's region, endpoint override and credentials. */
    public static SimpleDbClient client(AwsClients aws) {
        return SimpleDbClient.of(aws);
    }

    @Override
    public void close() {
        sdb.close();
    }

    @Override
    public void put(RecognitionReply reply) {
        List<Attribute> attributes = encode(reply);
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new ResultStoreException("reply " + reply.id() + " needs " + attributes.size()
                    + " SimpleDB attributes (" + reply.faces().size() + " faces); an item holds at most "
                    + MAX_ATTRIBUTES, null);
        }
        call("PutAttributes", () -> {
            sdb.putAttributes(domain, reply.id(), attributes);
            return null;
        });
    }

    @Override
    public Optional<RecognitionReply> get(String id) {
        List<Attribute> attributes = call("GetAttributes", () -> sdb.getAttributes(domain, id));
        return attributes.isEmpty() ? Optional.empty() : Optional.of(decode(id, values(attributes)));
    }

    /** Creating a domain that exists is a no-op in SimpleDB, so this is safe from every tier at start-up. */
    @Override
    public void ensureExists() {
        call("CreateDomain", () -> {
            sdb.createDomain(domain);
            return null;
        });
    }

    /** Splits text into pieces of at most {@link #MAX_VALUE_BYTES} UTF-8 bytes, never inside a character. */
    static List<String> chunks(String text) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int size = utf8Length(codePoint);
            if (bytes + size > MAX_VALUE_BYTES) {
                chunks.add(text.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
            i += Character.charCount(codePoint);
        }
        chunks.add(text.substring(start));
        return chunks;
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        return codePoint < 0x10000 ? 3 : 4;
    }

    private List<Attribute> encode(RecognitionReply reply) {
        List<Attribute> attributes = new ArrayList<>();
        Face best = reply.faces().isEmpty() ? null : reply.faces().get(0);
        Timings timings = reply.timings();
        add(attributes, "version", Integer.toString(reply.version()));
        addText(attributes, FILE_NAME, reply.fileName());
        add(attributes, "status", reply.status().name());
        // name, distance and match describe the largest face, for queries; the faces JSON is what get() reads.
        add(attributes, "name", chunks(reply.primaryName()).get(0));
        add(attributes, "distance", best == null ? "" : Double.toString(best.distance()));
        add(attributes, "match", best == null ? "" : Boolean.toString(best.match()));
        add(attributes, "faceCount", Integer.toString(reply.faces().size()));
        addText(attributes, "message", reply.message());
        addText(attributes, "recognizer", reply.recognizer());
        addText(attributes, "worker", reply.worker());
        add(attributes, "queuedMs", timings == null ? "" : Long.toString(timings.queuedMs()));
        add(attributes, "downloadMs", timings == null ? "" : Long.toString(timings.downloadMs()));
        add(attributes, "inferenceMs", timings == null ? "" : Long.toString(timings.inferenceMs()));
        add(attributes, "storedAt", INSTANT.format(clock.instant()));
        addText(attributes, "faces", WireCodec.toJson(reply.faces()));
        addText(attributes, ENROLLED, reply.enrolled() == null ? null : WireCodec.toJson(reply.enrolled()));
        addText(attributes, VERIFIED, reply.verified() == null ? null : WireCodec.toJson(reply.verified()));
        return attributes;
    }

    private static void add(List<Attribute> attributes, String name, String value) {
        attributes.add(new Attribute(name, value));
    }

    private static void addText(List<Attribute> attributes, String name, String text) {
        List<String> chunks = text == null ? List.of() : chunks(text);
        add(attributes, name + CHUNKS, Integer.toString(chunks.size()));
        for (int i = 0; i < chunks.size(); i++) {
            add(attributes, i == 0 ? name : name + "." + i, chunks.get(i));
        }
    }

    private RecognitionReply decode(String id, Map<String, String> values) {
        try {
            String queued = required(values, "queuedMs");
            Timings timings = queued.isEmpty() ? null : new Timings(Long.parseLong(queued),
                    Long.parseLong(required(values, "downloadMs")),
                    Long.parseLong(required(values, "inferenceMs")));
            return new RecognitionReply(
                    Integer.parseInt(required(values, "version")),
                    id,
                    text(values, FILE_NAME),
                    Status.valueOf(required(values, "status")),
                    text(values, "message"),
                    List.of(WireCodec.fromJson(required(text(values, "faces"), "faces"), Face[].class)),
                    text(values, "recognizer"),
                    text(values, "worker"),
                    timings,
                    optionalJson(values, ENROLLED, Enrolled.class),
                    optionalJson(values, VERIFIED, Verified.class));
        } catch (IllegalArgumentException | WireCodec.MalformedMessageException e) {
            throw new ResultStoreException("item '" + id + "' in SimpleDB domain '" + domain
                    + "' is not a stored reply: " + e.getMessage(), e);
        }
    }

    /** A JSON field that items stored before it existed lack (read as null, as the field's own null is). */
    private static <T> T optionalJson(Map<String, String> values, String name, Class<T> type) {
        if (!values.containsKey(name + CHUNKS)) {
            return null;
        }
        String json = text(values, name);
        return json == null ? null : WireCodec.fromJson(json, type);
    }

    private static String text(Map<String, String> values, String name) {
        int count = Integer.parseInt(required(values, name + CHUNKS));
        if (count == 0) {
            return null;
        }
        StringBuilder text = new StringBuilder(required(values, name));
        for (int i = 1; i < count; i++) {
            text.append(required(values, name + "." + i));
        }
        return text.toString();
    }

    private static String required(Map<String, String> values, String name) {
        return required(values.get(name), name);
    }

    private static String required(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("attribute " + name + " is missing");
        }
        return value;
    }

    /** Attribute values by name (the client has decoded base64-encoded ones). */
    private static Map<String, String> values(List<Attribute> attributes) {
        Map<String, String> values = new HashMap<>();
        for (Attribute attribute : attributes) {
            values.put(attribute.name(), attribute.value());
        }
        return values;
    }

    private <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (SimpleDbException e) {
            String prefix = "SimpleDB " + operation + " on domain '" + domain + "' failed: ";
            if (e.status() == 0) {
                throw new ResultStoreException(prefix + e.getMessage(), e);
            }
            String detail = prefix + e.code() + " (HTTP " + e.status() + ", request " + e.requestId() + "): "
                    + e.getMessage().substring(e.getMessage().indexOf("): ") + 3);
            if ("NoSuchDomain".equals(e.code())) {
                throw new MissingResultStoreException(detail + "; create it with ensureExists()", e);
            }
            throw new ResultStoreException(detail, e);
        }
    }
}
