package io.elasticface.cli.course;

import io.elasticface.aws.AwsClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Reads EC2's vCPU quota for on-demand standard instances (quota code {@value #STANDARD_VCPUS}) from the
 * Service Quotas API. One SigV4-signed JSON call of our own, because the SDK's Service Quotas module is not
 * served at the version of the SDK this project uses.
 */
public final class ServiceQuotas {

    /** "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", counted in vCPUs. */
    public static final String STANDARD_VCPUS = "L-1216C47A";

    /** The quota, or why it could not be read. */
    public record Answer(OptionalDouble value, String reason) {
    }

    private static final Pattern VALUE = Pattern.compile("\"Value\"\\s*:\\s*([0-9.]+)");
    private static final Set<String> UNSIGNED = Set.of("host", "content-length");

    private final AwsClients aws;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ServiceQuotas(AwsClients aws) {
        this.aws = aws;
    }

    public Answer onDemandStandardVcpus() {
        URI override = aws.properties().endpoint();
        URI endpoint = override != null ? override
                : URI.create("https://servicequotas." + aws.region().id() + ".amazonaws.com/");
        String body = "{\"ServiceCode\":\"ec2\",\"QuotaCode\":\"" + STANDARD_VCPUS + "\"}";
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint.resolve("/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "ServiceQuotasV20190624.GetServiceQuota")
                .build();
        try {
            AwsCredentialsIdentity identity = aws.credentials(override).resolveIdentity().join();
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(unsigned)
                    .payload(ContentStreamProvider.fromUtf8String(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "servicequotas")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, aws.region().id()));
            HttpRequest.Builder request = HttpRequest.newBuilder(signed.request().getUri()).timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            // the HTTP client sets Host and Content-Length itself, to the same values that were signed
            signed.request().forEachHeader((name, values) -> {
                if (!UNSIGNED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Matcher value = VALUE.matcher(response.body());
            if (response.statusCode() == 200 && value.find()) {
                return new Answer(OptionalDouble.of(Double.parseDouble(value.group(1))), "");
            }
            return new Answer(OptionalDouble.empty(), "HTTP " + response.statusCode() + " "
                    + response.body().replaceAll("\\s+", " ").substring(0, Math.min(160, response.body().length())));
        } catch (IOException | RuntimeException e) {
            return new Answer(OptionalDouble.empty(), e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(OptionalDouble.empty(), "interrupted");
        }
    }
}
