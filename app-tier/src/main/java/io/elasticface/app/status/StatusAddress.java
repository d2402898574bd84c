package io.elasticface.app.status;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the worker serves its status: Spring's own {@code server.port} and {@code server.address}, which the
 * deployments, the compose file and the local fleet already set for the worker (it has no servlet container).
 *
 * @param port    0 picks a free port (several workers on one machine)
 * @param address loopback unless opened on purpose: the readers are a Prometheus and a health check on this host
 */
@ConfigurationProperties("server")
public record StatusAddress(@DefaultValue("8081") int port, @DefaultValue("127.0.0.1") String address) {
}
