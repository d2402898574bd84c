package io.elasticface.objectstore;

import io.elasticface.aws.AwsClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/** The tier's {@link ObjectStore}: S3 (AWS, S3Proxy or LocalStack, by endpoint). */
@Configuration(proxyBeanMethods = false)
public class ObjectStoreConfiguration {

    @Bean(destroyMethod = "close")
    S3Client s3Client(AwsClients aws) {
        return S3Clients.create(aws);
    }

    @Bean
    ObjectStore objectStore(S3Client s3) {
        return new S3ObjectStore(s3);
    }
}
