package io.elasticface.results.simpledb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.DefaultRequest;
import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.auth.BasicSessionCredentials;
import com.amazonaws.auth.QueryStringSigner;
import com.amazonaws.http.HttpMethodName;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Our Signature Version 2 against the AWS SDK v1's signer (a test-only dependency): the same request,
 * credentials and time must give the same signature, for endpoints with and without ports, session
 * credentials, and values that need encoding.
 */
class SigV2Test {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://sdb.amazonaws.com          | plain",
            "https://sdb.eu-west-1.amazonaws.com | session",
            "http://127.0.0.1:8777               | plain",
            "http://LocalHost:80                 | session"})
    void signsAsTheSdkV1SignerDoes(String endpoint, String kind) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("DomainName", "elasticface-simpleDB");
        params.put("ItemName", "req-1");
        params.put("Attribute.1.Name", "fileName");
        params.put("Attribute.1.Value", "Zoë's \"best\" photo + 1*2~3 (a,b)/c.jpg");
        params.put("Attribute.1.Replace", "true");
        params.put("Attribute.10.Name", "faces");
        params.put("Attribute.10.Value", "[{\"name\":\"日本\"}]");
        boolean session = kind.equals("session");
        AwsCredentials ours = session
                ? AwsSessionCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token/+=")
                : AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        AWSCredentials theirs = session
                ? new BasicSessionCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token/+=")
                : new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

        DefaultRequest<Void> request = new DefaultRequest<>("AmazonSimpleDB");
        request.setEndpoint(URI.create(endpoint));
        request.setHttpMethod(HttpMethodName.POST);
        request.setResourcePath("");
        request.addParameter("Action", "PutAttributes");
        request.addParameter("Version", SimpleDbClient.VERSION);
        params.forEach(request::addParameter);
        new QueryStringSigner().sign(request, theirs);
        // the SDK signs at its own clock: ours signs at the same instant
        String timestamp = request.getParameters().get("Timestamp").get(0);
        Map<String, String> signed = form(SimpleDbClient.SigV2.sign("PutAttributes", params, ours,
                URI.create(endpoint), timestamp));

        assertThat(signed).isEqualTo(request.getParameters().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0))));
        assertThat(signed.containsKey("SecurityToken")).isEqualTo(session);
    }

    @Test
    void encodesAsRfc3986() {
        assertThat(SimpleDbClient.SigV2.encode("a b+c*d~e_f-g.h/é")).isEqualTo("a%20b%2Bc%2Ad~e_f-g.h%2F%C3%A9");
    }

    @Test
    void signsTheHostWithItsPortOnlyWhereItIsNotTheDefault() {
        assertThat(SimpleDbClient.SigV2.host(URI.create("https://SDB.amazonaws.com"))).isEqualTo("sdb.amazonaws.com");
        assertThat(SimpleDbClient.SigV2.host(URI.create("https://sdb.amazonaws.com:443"))).isEqualTo("sdb.amazonaws.com");
        assertThat(SimpleDbClient.SigV2.host(URI.create("http://127.0.0.1:8777"))).isEqualTo("127.0.0.1:8777");
    }

    @Test
    void refusesXmlWithADocumentTypeDeclaration() {
        byte[] entity = ("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<GetAttributesResponse><GetAttributesResult><Attribute><Name>n</Name><Value>&x;</Value>"
                + "</Attribute></GetAttributesResult></GetAttributesResponse>").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SimpleDbClient.parse(entity)).isInstanceOf(SimpleDbException.class)
                .hasMessageContaining("not a SimpleDB response");
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
}
