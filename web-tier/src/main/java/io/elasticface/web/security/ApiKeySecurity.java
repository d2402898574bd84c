package io.elasticface.web.security;

import io.elasticface.web.WebProperties;
import jakarta.servlet.DispatcherType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Optional API keys ({@code elasticface.web.api-keys}). Unset, every request is let through (the default and the
 * course's profile: its grader sends no key). Set, every endpoint needs a key except the course's {@code POST /},
 * the health probes and the Actuator endpoints (served on the management port, bound to loopback). No sessions,
 * no cookies, no CSRF: an API client sends its key on every request.
 */
@Configuration(proxyBeanMethods = false)
class ApiKeySecurity {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    SecurityFilterChain apiKeys(HttpSecurity http, WebProperties web) throws Exception {
        http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(h -> h.cacheControl(c -> c.disable())); // answers decide their own caching
        if (web.apiKeys().isEmpty()) {
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
        }
        return http.addFilterBefore(new ApiKeyFilter(web.apiKeys()), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.POST, "/").permitAll()
                        .requestMatchers("/livez", "/readyz").permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, denied) -> {
                    // written here, before any controller: the fields of a problem detail as the API's others have them
                    Map<String, Object> problem = new LinkedHashMap<>();
                    problem.put("type", "about:blank");
                    problem.put("title", HttpStatus.UNAUTHORIZED.getReasonPhrase());
                    problem.put("status", HttpStatus.UNAUTHORIZED.value());
                    problem.put("detail", "send one of this service's API keys in header " + ApiKeyFilter.HEADER);
                    problem.put("instance", request.getRequestURI());
                    problem.put("reason", "API_KEY_REQUIRED");
                    response.setStatus(HttpStatus.UNAUTHORIZED.value());
                    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                    response.getOutputStream().write(JSON.writeValueAsBytes(problem));
                }))
                .build();
    }
}
