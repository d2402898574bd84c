package io.elasticface.web.faces;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API's description at {@code /v3/api-docs} (springdoc reads the rest from the controllers). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI elasticFaceApi() {
        return new OpenAPI().info(new Info()
                .title("Elastic Face")
                .version("1")
                .description("Face recognition as a service: recognize (POST /, the CSE546 course's contract, and "
                        + "POST /recognize), collections of enrolled people (enroll, list, remove, search), verify, "
                        + "detect. Photos are multipart form data; errors of the collection API are RFC 9457 problem "
                        + "details with a reason code.")
                .license(new License().name("see the repository")));
    }
}
