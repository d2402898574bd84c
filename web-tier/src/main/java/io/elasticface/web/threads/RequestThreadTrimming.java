package io.elasticface.web.threads;

import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/** Starts a {@link RequestThreadTrimmer} on the public connector once Tomcat runs (not on the management port's). */
public final class RequestThreadTrimming implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

    private final Duration interval;
    private volatile RequestThreadTrimmer trimmer;

    public RequestThreadTrimming(Duration interval) {
        this.interval = interval;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null
                && event.getWebServer() instanceof TomcatWebServer tomcat) {
            trimmer = RequestThreadTrimmer.start(tomcat.getTomcat().getConnector().getProtocolHandler().getExecutor(),
                    interval);
        }
    }

    @Override
    public void destroy() {
        if (trimmer != null) {
            trimmer.close();
        }
    }
}
