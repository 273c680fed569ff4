package dev.tally.bench.rolling;

import java.util.List;
import java.util.Map;

/**
 * A way for the group to hand partitions over: a consumer group protocol, and for the classic one the assignor.
 *
 * @param name     names the run's database, topics, group and logs
 * @param label    the consumer settings, as the tables show them
 * @param settings the workers' environment that selects it
 */
public record Variant(String name, String label, Map<String, String> settings) {

    /** The variants compared, in the order they run. */
    public static final List<Variant> ALL = List.of(
            // Kafka's default: the range assignor, eager, so every rebalance revokes every partition of every member.
            new Variant("classic", "`group.protocol=classic` (range assignor, eager)",
                    Map.of("SPRING_KAFKA_CONSUMER_PROPERTIES_GROUP_PROTOCOL", "classic")),
            // Incremental: a rebalance revokes only the partitions that move. The default assignor list
            // [range, cooperative-sticky] lets a running group switch to it in one rolling restart.
            new Variant("cooperative", "`group.protocol=classic`, `CooperativeStickyAssignor`",
                    Map.of("SPRING_KAFKA_CONSUMER_PROPERTIES_GROUP_PROTOCOL", "classic",
                            "SPRING_KAFKA_CONSUMER_PROPERTIES_PARTITION_ASSIGNMENT_STRATEGY",
                            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor")),
            // KIP-848: the broker assigns, and hands partitions over on its members' heartbeats.
            new Variant("consumer", "`group.protocol=consumer` (KIP-848)",
                    Map.of("SPRING_KAFKA_CONSUMER_PROPERTIES_GROUP_PROTOCOL", "consumer")));

    /**
     * The variants the benchmark runs unless told otherwise: the cooperative assignor is left out, as its rebalances
     * fail the offset commits of the polls in flight, which the worker then retries after its back-off.
     */
    public static final List<String> DEFAULTS = List.of("classic", "consumer");

    /** Every variant's name, in order. */
    public static List<String> names() {
        return ALL.stream().map(Variant::name).toList();
    }
}
