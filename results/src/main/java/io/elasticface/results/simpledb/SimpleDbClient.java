package io.elasticface.results.simpledb;

import io.elasticface.aws.AwsClients;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * SimpleDB's data plane over its Query API (version 2009-04-15), signed with Signature Version 2. The AWS
 * SDK v2 has no SimpleDB client and v1 is past its end of support, so this small client holds the three
 * calls the result store makes, with credentials from the SDK v2 chain (session tokens included, as
 * instance profiles give them) and the SDK's retry rule: throttling and 5xx are retried three times with
 * jittered back-off, client errors never.
 */
public final class SimpleDbClient implements AutoCloseable {

    static final String VERSION = "2009-04-15";
    private static final int RETRIES = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** One attribute of an item, as stored. */
    public record Attribute(String name, String value) {
    }

    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final HttpClient http;
    private final Clock clock;
    private volatile boolean closed;

    public SimpleDbClient(URI endpoint, AwsCredentialsProvider credentials, Clock clock) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /** The client for a tier: the region's endpoint (or the override) and the tier's credentials. */
    public static SimpleDbClient of(AwsClients aws) {
        URI override = aws.properties().sdb();
        String region = aws.region().id();
        URI endpoint = override != null ? override
                : URI.create("us-east-1".equals(region) ? "https://sdb.amazonaws.com"
                        : "https://sdb." + region + ".amazonaws.com");
        return new SimpleDbClient(endpoint, aws.credentials(override), Clock.systemUTC());
    }

    /** Replaces (Replace=true) the named attributes of an item, creating it if needed. */
    public void putAttributes(String domain, String item, List<Attribute> attributes) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("DomainName", domain);
        params.put("ItemName", item);
        for (int i = 0; i < attributes.size(); i++) {
            String prefix = "Attribute." + (i + 1) + ".";
            params.put(prefix + "Name", attributes.get(i).name());
            params.put(prefix + "Value", attributes.get(i).value());
            params.put(prefix + "Replace", "true");
        }
        call("PutAttributes", params);
    }

    /** Every attribute of an item, read consistently; empty when there is no such item. */
    public List<Attribute> getAttributes(String domain, String item) {
        Document response = call("GetAttributes", Map.of("DomainName", domain, "ItemName", item,
                "ConsistentRead", "true"));
        List<Attribute> attributes = new ArrayList<>();
        NodeList nodes = response.getElementsByTagNameNS("*", "Attribute");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element attribute = (Element) nodes.item(i);
            attributes.add(new Attribute(text(attribute, "Name"), text(attribute, "Value")));
        }
        return attributes;
    }

    /** The names of every domain of the account in this region (all pages). */
    public List<String> listDomains() {
        List<String> domains = new ArrayList<>();
        String next = null;
        do {
            Map<String, String> params = new LinkedHashMap<>();
            if (next != null) {
                params.put("NextToken", next);
            }
            Document response = call("ListDomains", params);
            NodeList nodes = response.getElementsByTagNameNS("*", "DomainName");
            for (int i = 0; i < nodes.getLength(); i++) {
                domains.add(nodes.item(i).getTextContent());
            }
            NodeList token = response.getElementsByTagNameNS("*", "NextToken");
            next = token.getLength() == 0 || token.item(0).getTextContent().isBlank() ? null
                    : token.item(0).getTextContent();
        } while (next != null);
        return domains;
    }

    /** Creates a domain; creating one that exists is a no-op in SimpleDB. */
    public void createDomain(String domain) {
        call("CreateDomain", Map.of("DomainName", domain));
    }

    @Override
    public void close() {
        closed = true;
    }

    private Document call(String action, Map<String, String> params) {
        if (closed) {
            throw new IllegalStateException("the SimpleDB client is closed");
        }
        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> response = send(action, params);
            if (response.statusCode() / 100 == 2) {
                return parse(response.body());
            }
            SimpleDbException error = error(action, response);
            if (!error.retryable() || attempt == RETRIES) {
                throw error;
            }
            backOff(attempt);
        }
    }

    private HttpResponse<byte[]> send(String action, Map<String, String> params) {
        String body = SigV2.sign(action, params, credentials.resolveCredentials(), endpoint,
                TIMESTAMP.format(clock.instant()));
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new SimpleDbException(action, "cannot reach SimpleDB at " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimpleDbException(action, "interrupted", e);
        }
    }

    private static SimpleDbException error(String action, HttpResponse<byte[]> response) {
        String code = "";
        String message = new String(response.body(), StandardCharsets.UTF_8);
        String requestId = "";
        try {
            Document xml = parse(response.body());
            code = first(xml, "Code");
            message = first(xml, "Message");
            requestId = first(xml, "RequestID");
        } catch (SimpleDbException notXml) {
            // a proxy's error page: keep its text as the message
        }
        return new SimpleDbException(action, code, response.statusCode(), message, requestId);
    }

    private static void backOff(int attempt) {
        long base = 100L << attempt;
        try {
            Thread.sleep(base + ThreadLocalRandom.current().nextLong(base));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimpleDbException("retry", "interrupted", e);
        }
    }

    /** Parses a response with DTDs and external entities refused: the body comes from the network. */
    static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new SimpleDbException("parse", "not a SimpleDB response: " + e.getMessage(), e);
        }
    }

    /** An element's text; SimpleDB base64-encodes names and values holding characters XML cannot carry. */
    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagNameNS("*", tag);
        if (nodes.getLength() == 0) {
            return "";
        }
        Element element = (Element) nodes.item(0);
        String text = element.getTextContent();
        return "base64".equals(element.getAttribute("encoding"))
                ? new String(Base64.getDecoder().decode(text.strip()), StandardCharsets.UTF_8)
                : text;
    }

    private static String first(Document xml, String tag) {
        Node node = xml.getElementsByTagNameNS("*", tag).item(0);
        return node == null ? "" : node.getTextContent();
    }

    /** Signature Version 2 of a Query request: the signed parameters as a form body. */
    static final class SigV2 {

        private SigV2() {
        }

        static String sign(String action, Map<String, String> params, AwsCredentials credentials, URI endpoint,
                           String timestamp) {
            Map<String, String> all = new java.util.TreeMap<>(params);
            all.put("Action", action);
            all.put("Version", VERSION);
            all.put("AWSAccessKeyId", credentials.accessKeyId());
            all.put("SignatureVersion", "2");
            all.put("SignatureMethod", "HmacSHA256");
            all.put("Timestamp", timestamp);
            if (credentials instanceof AwsSessionCredentials session) {
                all.put("SecurityToken", session.sessionToken());
            }
            String query = canonical(all);
            String toSign = "POST\n" + host(endpoint) + "\n" + path(endpoint) + "\n" + query;
            return query + "&Signature=" + encode(hmac(credentials.secretAccessKey(), toSign));
        }

        /** Parameters sorted by name (byte order: TreeMap on ASCII names), RFC 3986 encoded. */
        static String canonical(Map<String, String> sorted) {
            StringBuilder query = new StringBuilder();
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                if (query.length() > 0) {
                    query.append('&');
                }
                query.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            }
            return query.toString();
        }

        /** The host as signed: lower case, with the port where it is not the scheme's default. */
        static String host(URI endpoint) {
            String host = endpoint.getHost().toLowerCase(java.util.Locale.ROOT);
            int port = endpoint.getPort();
            boolean defaultPort = port == -1 || ("https".equals(endpoint.getScheme()) && port == 443)
                    || ("http".equals(endpoint.getScheme()) && port == 80);
            return defaultPort ? host : host + ":" + port;
        }

        private static String path(URI endpoint) {
            String path = endpoint.getRawPath();
            return path == null || path.isEmpty() ? "/" : path;
        }

        /** RFC 3986: unreserved characters as they are, everything else %XX of its UTF-8 bytes. */
        static String encode(String value) {
            StringBuilder out = new StringBuilder();
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_' || c == '.' || c == '~') {
                    out.append((char) c);
                } else {
                    out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                }
            }
            return out.toString();
        }

        private static String hmac(String secret, String data) {
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
            }
        }
    }
}
