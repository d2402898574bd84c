package io.elasticface.autoscaler;

import io.elasticface.autoscaler.fleet.InstanceProvider;
import io.elasticface.autoscaler.fleet.ec2.Backoff;
import io.elasticface.autoscaler.fleet.ec2.Ec2InstanceProvider;
import io.elasticface.autoscaler.fleet.local.LocalProcessFleet;
import io.elasticface.autoscaler.loop.ControlLoop;
import io.elasticface.autoscaler.loop.LoopRunner;
import io.elasticface.autoscaler.policy.QueuePolicy;
import io.elasticface.autoscaler.policy.ScalingSettings;
import io.elasticface.autoscaler.queue.QueueSignal;
import io.elasticface.autoscaler.queue.SqsQueueSignal;
import io.elasticface.aws.AwsClients;
import io.elasticface.naming.NamingProperties;
import io.elasticface.messaging.SqsClients;
import io.elasticface.naming.ResourceNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Wires the ports to their adapters by configuration; the client factory and names are imported by the application. */
@Configuration(proxyBeanMethods = false)
class AutoscalerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Only the blocking client: the autoscaler reads queue attributes and never listens. */
    @Bean(destroyMethod = "close")
    SqsClient sqsClient(AwsClients aws) {
        return SqsClients.create(aws);
    }

    @Bean
    QueueSignal queueSignal(SqsClient sqs, ResourceNames names) {
        return new SqsQueueSignal(sqs, names.requestQueue());
    }

    @Bean
    InstanceProvider instanceProvider(AutoscalerProperties p, AwsClients aws, NamingProperties names) {
        return switch (p.provider()) {
            case EC2 -> new Ec2InstanceProvider(Ec2InstanceProvider.client(aws), p.ec2().tagKey(),
                    p.ec2().valueFor(names), Backoff.standard(), p.ec2().hibernate());
            case LOCAL -> new LocalProcessFleet(p.max(), p.local().effectiveCommand(), p.local().dataDir(),
                    p.local().bootDelay(), p.local().stopTimeout());
        };
    }

    @Bean
    ControlLoop controlLoop(AutoscalerProperties p, QueueSignal queue, InstanceProvider provider, Clock clock,
                            MeterRegistry registry) {
        QueuePolicy policy = new QueuePolicy(new ScalingSettings(p.min(), p.max(), p.perInstance(), p.grace()));
        return new ControlLoop(queue, provider, policy, p.perInstance(), clock, registry);
    }

    @Bean
    LoopRunner loopRunner(ControlLoop loop, AutoscalerProperties p) {
        return new LoopRunner(loop, p.pollInterval());
    }
}
