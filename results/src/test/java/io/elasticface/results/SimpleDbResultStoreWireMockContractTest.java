package io.elasticface.results;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.elasticface.aws.AwsClients;
import io.elasticface.aws.AwsProperties;
import io.elasticface.results.simpledb.SimpleDbException;
import io.elasticface.wire.RecognitionReply.Face;
import io.elasticface.wire.RecognitionReply;
import io.elasticface.wire.RecognitionReply.Box;
import io.elasticface.wire.RecognitionReply.Enrolled;
import io.elasticface.wire.RecognitionReply.Verified;
import io.elasticface.wire.WireCodec;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Contract test of {@link SimpleDbResultStore} against a WireMock stand-in for SimpleDB: no SimpleDB emulator
 * exists (LocalStack has none), so WireMock serves responses shaped as the SimpleDB API reference
 * (API version 2009-04-15) documents them, and the test checks the Query parameters the client sends. What is stored is replayed from the recorded PutAttributes requests, applying SimpleDB's
 * Replace=true semantics, so put and get are checked against each other rather than against hand-written XML.
 */
class SimpleDbResultStoreWireMockContractTest {

    private static final String DOMAIN = "elasticface-simpleDB";
    private static final String NS = "http://sdb.amazonaws.com/doc/2009-04-15/";
    private static final Instant NOW = Instant.parse("2026-11-27T19:00:00.123Z");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("Attribute\\.(\\d+)\\.Name");

    @RegisterExtension
    static WireMockExtension simpleDb = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private SimpleDbResultStore store;

    @BeforeEach
    void setUp() {
        AwsProperties properties = new AwsProperties("us-east-1", null, null, null, null,
                URI.create(simpleDb.baseUrl()));
        store = new SimpleDbResultStore(SimpleDbResultStore.client(new AwsClients(properties)), DOMAIN,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void aClosedStoreSendsNothingMore() {
        store.close();

        assertThatThrownBy(() -> store.ensureExists()).isInstanceOf(IllegalStateException.class);
        assertThat(simpleDb.getAllServeEvents()).isEmpty();
    }

    @Test
    void ensureExistsCreatesTheDomainWithASigV2SignedQueryRequest() {
        stubAction("CreateDomain", 200, "<CreateDomainResponse xmlns=\"" + NS + "\">" + metadata()
                + "</CreateDomainResponse>");

        store.ensureExists();

        Map<String, String> sent = onlyRequest("CreateDomain");
        assertThat(sent).containsEntry("DomainName", DOMAIN)
                .containsEntry("Version", "2009-04-15")
                .containsEntry("SignatureVersion", "2")
                .containsEntry("AWSAccessKeyId", AwsClients.EMULATOR_ACCESS_KEY)
                .containsKey("Signature");
    }

    @Test
    void putWritesOneItemNamedByTheIdWithEveryAttributeReplaced() {
        stubPut();
        RecognitionReply reply = Replies.ok("req-1", "a.jpg");

        store.put(reply);

        Map<String, String> sent = onlyRequest("PutAttributes");
        assertThat(sent).containsEntry("DomainName", DOMAIN).containsEntry("ItemName", "req-1");
        Map<String, String> attributes = attributes(sent);
        assertThat(attributes)
                .containsEntry("fileName", "a.jpg")
                .containsEntry("name", "Paul")
                .containsEntry("distance", "0.61")
                .containsEntry("match", "true")
                .containsEntry("status", "OK")
                .containsEntry("message.chunks", "0")
                .containsEntry("recognizer", "facenet-vggface2")
                .containsEntry("worker", "worker-1")
                .containsEntry("queuedMs", "12")
                .containsEntry("downloadMs", "3")
                .containsEntry("inferenceMs", "480")
                .doesNotContainKey("storeMs")
                .containsEntry("faceCount", "2")
                .containsEntry("storedAt", "2026-11-27T19:00:00.123Z")
                .containsEntry("faces.chunks", "1")
                .doesNotContainKey("message");
        assertThat(WireCodec.fromJson(attributes.get("faces"), Face[].class)).containsExactlyElementsOf(reply.faces());
    }

    @Test
    void putThenGetRoundTripsAReplyWithAConsistentRead() {
        RecognitionReply reply = Replies.ok("req-2", "Zoë's \"best\" <photo> & more.jpg");

        RecognitionReply read = putThenGet(reply);

        assertThat(read).isEqualTo(reply);
        Map<String, String> sent = onlyRequest("GetAttributes");
        assertThat(sent).containsEntry("DomainName", DOMAIN)
                .containsEntry("ItemName", "req-2")
                .containsEntry("ConsistentRead", "true");
    }

    @Test
    void anEnrollmentAndAVerificationRoundTripTheirAnswers() {
        RecognitionReply ok = Replies.ok("req-e", "ann.jpg");
        RecognitionReply enrolled = ok.withEnrolled(new Enrolled("face-1", "ann", "team",
                new Box(1, 2, 30, 40), "0000000000042-face-1"));
        assertThat(putThenGet(enrolled)).isEqualTo(enrolled);
        assertThat(attributes(requests("PutAttributes").get(0))).containsEntry("verified.chunks", "0")
                .containsEntry("enrolled.chunks", "1");

        simpleDb.resetAll();
        RecognitionReply verified = Replies.ok("req-v", "pair").withVerified(new Verified(true, 0.41, 0.6));
        assertThat(putThenGet(verified)).isEqualTo(verified);
    }

    @Test
    void anItemStoredBeforeEnrollmentsExistedReadsWithoutThem() {
        RecognitionReply reply = Replies.ok("req-old", "old.jpg");
        Map<String, String> item = storedItemOf(reply);
        item.remove("enrolled.chunks");
        item.remove("verified.chunks");
        simpleDb.resetAll();
        stubGet(item);
        RecognitionReply read = store.get("req-old").orElseThrow();
        assertThat(read).isEqualTo(reply);
        assertThat(read.enrolled()).isNull();
    }

    @Test
    void aReplyWithoutFacesRoundTripsItsStatusAndMessage() {
        RecognitionReply reply = Replies.failed("req-3", "b.png", "gave up after 3 attempts: 'boom'");

        assertThat(putThenGet(reply)).isEqualTo(reply);
        Map<String, String> attributes = attributes(onlyRequest("PutAttributes"));
        assertThat(attributes).containsEntry("name", "Failed").containsEntry("distance", "")
                .containsEntry("match", "").containsEntry("faceCount", "0");
    }

    @Test
    void manyFacesAreSplitIntoChunksWithinTheValueLimitAndReassembledInOrder() {
        RecognitionReply crowd = Replies.crowd("req-4", 150);

        assertThat(putThenGet(crowd)).isEqualTo(crowd);
        Map<String, String> attributes = attributes(onlyRequest("PutAttributes"));
        int chunks = Integer.parseInt(attributes.get("faces.chunks"));
        assertThat(chunks).isGreaterThan(10);
        assertThat(attributes).containsKey("faces." + (chunks - 1)).doesNotContainKey("faces." + chunks);
        assertThat(attributes.values()).allSatisfy(value ->
                assertThat(value.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024));
    }

    @Test
    void aFileNameLongerThanOneValueRoundTrips() {
        RecognitionReply reply = Replies.ok("req-5", "é".repeat(700) + ".jpg");

        assertThat(putThenGet(reply)).isEqualTo(reply);
        assertThat(attributes(onlyRequest("PutAttributes"))).containsEntry("fileName.chunks", "2");
    }

    @Test
    void aReplyTooLargeForOneItemIsRefusedBeforeAnythingIsSent() {
        stubPut();

        assertThatThrownBy(() -> store.put(Replies.crowd("req-14", 3000)))
                .isInstanceOf(ResultStoreException.class)
                .hasMessageContaining("3000 faces")
                .hasMessageContaining("at most 256");
        assertThat(requests("PutAttributes")).isEmpty();
    }

    @Test
    void aRedeliveredRequestOverwritesTheItemAndIgnoresStaleChunks() {
        stubPut();
        store.put(Replies.crowd("req-6", 150));
        RecognitionReply second = Replies.failed("req-6", "crowd.jpg", "second attempt");
        store.put(second);

        Map<String, String> item = storedItem();
        assertThat(item).containsKey("faces.12");
        stubGet(item);

        assertThat(store.get("req-6")).contains(second);
    }

    @Test
    void anItemThatDoesNotExistIsEmpty() {
        stubAction("GetAttributes", 200, "<GetAttributesResponse xmlns=\"" + NS + "\"><GetAttributesResult/>"
                + metadata() + "</GetAttributesResponse>");

        assertThat(store.get("never-stored")).isEmpty();
    }

    @Test
    void base64EncodedValuesAreDecoded() {
        RecognitionReply reply = Replies.ok("req-7", "bell\u0007.jpg");
        stubPut();
        store.put(reply);
        Map<String, String> item = storedItem();
        // SimpleDB base64-encodes values holding characters XML cannot carry.
        StringBuilder xml = new StringBuilder();
        item.forEach((name, value) -> xml.append(name.equals("fileName")
                ? "<Attribute><Name>fileName</Name><Value encoding=\"base64\">"
                        + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "</Value></Attribute>"
                : attributeXml(name, value)));
        stubAction("GetAttributes", 200, "<GetAttributesResponse xmlns=\"" + NS + "\"><GetAttributesResult>" + xml
                + "</GetAttributesResult>" + metadata() + "</GetAttributesResponse>");

        assertThat(store.get("req-7")).contains(reply);
    }

    @Test
    void noSuchDomainBecomesAMissingStoreError() {
        stubAction("GetAttributes", 400, errorXml("NoSuchDomain", "The specified domain does not exist."));

        assertThatThrownBy(() -> store.get("req-10"))
                .isInstanceOf(MissingResultStoreException.class)
                .hasMessageContaining(DOMAIN)
                .hasMessageContaining("NoSuchDomain")
                .hasMessageContaining("ensureExists")
                .cause().isInstanceOfSatisfying(SimpleDbException.class,
                        e -> assertThat(e.code()).isEqualTo("NoSuchDomain"));
    }

    @Test
    void putIntoAMissingDomainIsAMissingStoreError() {
        stubAction("PutAttributes", 400, errorXml("NoSuchDomain", "The specified domain does not exist."));

        assertThatThrownBy(() -> store.put(Replies.ok("req-11", "a.jpg")))
                .isInstanceOf(MissingResultStoreException.class);
    }

    @Test
    void serviceUnavailableIsRetriedByTheClient() {
        RecognitionReply reply = Replies.ok("req-12", "a.jpg");
        Map<String, String> item = storedItemOf(reply);
        simpleDb.resetAll();
        simpleDb.stubFor(post(anyUrl()).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing("Action=GetAttributes"))
                .willReturn(xml(503, errorXml("ServiceUnavailable",
                        "Service AmazonSimpleDB is currently unavailable. Please try again later")))
                .willSetStateTo("recovered"));
        simpleDb.stubFor(post(anyUrl()).inScenario("busy").whenScenarioStateIs("recovered")
                .withRequestBody(containing("Action=GetAttributes"))
                .willReturn(xml(200, getXml(item))));

        assertThat(store.get("req-12")).contains(reply);
        assertThat(requests("GetAttributes")).hasSize(2);
    }

    @Test
    void aServiceThatStaysUnavailableFailsAfterTheClientsRetries() {
        stubAction("GetAttributes", 503, errorXml("ServiceUnavailable",
                "Service AmazonSimpleDB is currently unavailable. Please try again later"));

        assertThatThrownBy(() -> store.get("req-13"))
                .isInstanceOf(ResultStoreException.class)
                .isNotInstanceOf(MissingResultStoreException.class)
                .hasMessageContaining("ServiceUnavailable");
        // the first attempt and three retries, as the SDKs do
        assertThat(requests("GetAttributes")).hasSize(4);
    }

    // --- the stand-in

    private RecognitionReply putThenGet(RecognitionReply reply) {
        stubPut();
        store.put(reply);
        stubGet(storedItem());
        return store.get(reply.id()).orElseThrow();
    }

    private Map<String, String> storedItemOf(RecognitionReply reply) {
        stubPut();
        store.put(reply);
        return storedItem();
    }

    /** The item as SimpleDB would hold it after the recorded PutAttributes calls, all with Replace=true. */
    private Map<String, String> storedItem() {
        Map<String, String> item = new LinkedHashMap<>();
        for (Map<String, String> put : requests("PutAttributes")) {
            put.forEach((key, value) -> {
                Matcher name = ATTRIBUTE_NAME.matcher(key);
                if (name.matches()) {
                    String index = name.group(1);
                    assertThat(put).containsEntry("Attribute." + index + ".Replace", "true");
                    item.put(value, put.get("Attribute." + index + ".Value"));
                }
            });
        }
        return item;
    }

    private void stubPut() {
        stubAction("PutAttributes", 200, "<PutAttributesResponse xmlns=\"" + NS + "\">" + metadata()
                + "</PutAttributesResponse>");
    }

    private void stubGet(Map<String, String> item) {
        stubAction("GetAttributes", 200, getXml(item));
    }

    private void stubAction(String action, int status, String body) {
        stubFor(action, null, status, body, 1);
    }

    /** Stubs one action; among stubs that match a request, the lowest priority number answers. */
    private void stubFor(String action, String bodyPart, int status, String body, int priority) {
        var mapping = post(anyUrl()).withRequestBody(containing("Action=" + action));
        if (bodyPart != null) {
            mapping = mapping.withRequestBody(containing(bodyPart));
        }
        simpleDb.stubFor(mapping.atPriority(priority).willReturn(xml(status, body)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
    }

    private static String getXml(Map<String, String> item) {
        StringBuilder xml = new StringBuilder("<GetAttributesResponse xmlns=\"" + NS + "\"><GetAttributesResult>");
        item.forEach((name, value) -> xml.append(attributeXml(name, value)));
        return xml.append("</GetAttributesResult>").append(metadata()).append("</GetAttributesResponse>").toString();
    }

    private static String attributeXml(String name, String value) {
        return "<Attribute><Name>" + escape(name) + "</Name><Value>" + escape(value) + "</Value></Attribute>";
    }

    private static String errorXml(String code, String message) {
        return "<?xml version=\"1.0\"?><Response><Errors><Error><Code>" + code + "</Code><Message>" + message
                + "</Message><BoxUsage>0.0000219907</BoxUsage></Error></Errors>"
                + "<RequestID>6e9ba6a2-0b4c-4d4c-8f8a-3f4b6c1d2e3f</RequestID></Response>";
    }

    private static String metadata() {
        return "<ResponseMetadata><RequestId>b1e8f1f7-42e9-494c-ad09-2674e557526d</RequestId>"
                + "<BoxUsage>0.0000219907</BoxUsage></ResponseMetadata>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&apos;");
    }

    private Map<String, String> onlyRequest(String action) {
        List<Map<String, String>> sent = requests(action);
        assertThat(sent).hasSize(1);
        return sent.get(0);
    }

    /** The form parameters of every request for an action, oldest first. */
    private List<Map<String, String>> requests(String action) {
        return simpleDb.findAll(postRequestedFor(anyUrl())).stream()
                .map(request -> form(request.getBodyAsString()))
                .filter(params -> action.equals(params.get("Action")))
                .toList();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static Map<String, String> attributes(Map<String, String> put) {
        Map<String, String> attributes = new LinkedHashMap<>();
        put.forEach((key, value) -> {
            Matcher name = ATTRIBUTE_NAME.matcher(key);
            if (name.matches()) {
                attributes.put(value, put.get("Attribute." + name.group(1) + ".Value"));
            }
        });
        return attributes;
    }
}
