package io.elasticface.autoscaler.fleet.ec2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.Arrays;
import java.util.stream.Collectors;

/** EC2 Query-protocol response bodies, as the real service writes them (trimmed to what the SDK reads). */
final class Ec2Xml {

    private static final String NS = "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"";

    private Ec2Xml() {
    }

    /** An instance for {@link #describe}: id, state name, Name tag. */
    static String instance(String id, String state, String name) {
        return "<item><instanceId>" + id + "</instanceId><instanceState><code>" + code(state) + "</code><name>" + state
                + "</name></instanceState><tagSet><item><key>Name</key><value>" + name + "</value></item></tagSet></item>";
    }

    static ResponseDefinitionBuilder describe(String... instances) {
        return ok("<DescribeInstancesResponse " + NS + "><requestId>req</requestId><reservationSet><item>"
                + "<reservationId>r-1</reservationId><instancesSet>" + String.join("", instances)
                + "</instancesSet></item></reservationSet></DescribeInstancesResponse>");
    }

    static ResponseDefinitionBuilder transition(String action, String from, String to, String... ids) {
        String items = Arrays.stream(ids).map(id -> "<item><instanceId>" + id + "</instanceId><currentState><code>"
                + code(to) + "</code><name>" + to + "</name></currentState><previousState><code>" + code(from)
                + "</code><name>" + from + "</name></previousState></item>").collect(Collectors.joining());
        return ok("<" + action + "Response " + NS + "><requestId>req</requestId><instancesSet>" + items
                + "</instancesSet></" + action + "Response>");
    }

    static ResponseDefinitionBuilder run(String... ids) {
        String items = Arrays.stream(ids).map(id -> "<item><instanceId>" + id + "</instanceId><instanceState><code>0"
                + "</code><name>pending</name></instanceState></item>").collect(Collectors.joining());
        return ok("<RunInstancesResponse " + NS + "><requestId>req</requestId><reservationId>r-2</reservationId>"
                + "<instancesSet>" + items + "</instancesSet></RunInstancesResponse>");
    }

    static ResponseDefinitionBuilder createTags() {
        return ok("<CreateTagsResponse " + NS + "><requestId>req</requestId><return>true</return></CreateTagsResponse>");
    }

    static ResponseDefinitionBuilder error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + code
                        + "</Code><Message>" + message + "</Message></Error></Errors><RequestID>req</RequestID></Response>");
    }

    private static ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body);
    }

    private static int code(String state) {
        return switch (state) {
            case "pending" -> 0;
            case "running" -> 16;
            case "stopping" -> 64;
            case "stopped" -> 80;
            default -> 48;
        };
    }
}
