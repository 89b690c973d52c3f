package dev.zhijia.door;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.zhijia.common.ShiftableClock;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import org.jboss.logging.Logger;

/**
 * This replica's one MQTT connection to the doors' broker (Vert.x MQTT client, what quarkus-messaging-mqtt is
 * built on; works in native mode). It reconnects by itself, backing off up to 5 s, whenever the connection
 * drops; while it is down every scan is DOOR_OFFLINE at once.
 * <ul>
 * <li>{@code <prefix>/+/events}: an ordinary subscription, so every replica sees every answer and completes
 * only the commands it published itself (a shared subscription could hand the answer to another replica);</li>
 * <li>{@code $share/<group>/<prefix>/+/status}: heartbeats through a shared subscription — one replica records
 * each.</li>
 * </ul>
 * An answer counts only when its command id is one this replica is waiting for, from the door it was sent to:
 * anything else on the topic (a forged or replayed event) is dropped.
 */
@ApplicationScoped
public class DoorLink {

    private static final Logger LOG = Logger.getLogger(DoorLink.class);
    /** An instance field, not a static one: a SecureRandom made while the native image is built would be in its heap. */
    private final SecureRandom random = new SecureRandom();
    /** A heartbeat row is written at most this often per door (doors beat every ~20 s). */
    private static final Duration SEEN_GAP = Duration.ofSeconds(5);

    /** What the door answered; {@code result} null when it did not answer in time (or the link is down). */
    public record Answer(String commandId, String result) {}

    private record Pending(long doorId, CompletableFuture<String> answer) {}

    private final Vertx vertx;
    private final DoorConfig config;
    private final Doors doors;
    private final ShiftableClock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final String clientId = "zhijia-" + UUID.randomUUID();

    private volatile MqttClient client;
    private volatile boolean connected;
    private volatile boolean stopped;
    private long backoffMillis = 100;

    DoorLink(Vertx vertx, DoorConfig config, Doors doors, ShiftableClock clock) {
        this.vertx = vertx;
        this.config = config;
        this.doors = doors;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        connect();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        MqttClient c = client;
        if (c != null && c.isConnected()) {
            c.disconnect();
        }
    }

    public boolean connected() {
        return connected;
    }

    /**
     * Sends a signed open command that expires in {@code command-ttl} and waits up to {@code answer-within} for
     * the door's answer. Blocks the calling (worker) thread; never longer than the wait.
     */
    public Answer open(long doorId, String secret) {
        String commandId = HexFormat.of().formatHex(randomBytes(16));
        MqttClient c = client;
        if (!connected || c == null) {
            return new Answer(commandId, null);
        }
        long expiresAt = clock.instant().plus(config.commandTtl()).toEpochMilli();
        JsonObject command = new JsonObject()
                .put("commandId", commandId)
                .put("expiresAt", expiresAt)
                .put("sig", DoorProtocol.commandSig(secret, commandId, doorId, expiresAt));
        CompletableFuture<String> answer = new CompletableFuture<>();
        pending.put(commandId, new Pending(doorId, answer));
        try {
            c.publish(
                            DoorProtocol.commandsTopic(config.topicPrefix(), doorId),
                            command.toBuffer(),
                            MqttQoS.AT_LEAST_ONCE,
                            false,
                            false)
                    .onFailure(answer::completeExceptionally);
            return new Answer(commandId, answer.get(config.answerWithin().toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return new Answer(commandId, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(commandId, null);
        } finally {
            pending.remove(commandId);
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        URI url = URI.create(config.brokerUrl());
        boolean tls = "mqtts".equals(url.getScheme()) || "ssl".equals(url.getScheme());
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(clientId)
                .setCleanSession(true)
                .setAutoKeepAlive(true)
                .setKeepAliveInterval((int) Math.max(1, config.keepAlive().toSeconds()))
                .setMaxInflightQueue(65_535);
        options.setConnectTimeout(2000);
        options.setSsl(tls);
        if (tls) {
            options.setHostnameVerificationAlgorithm("HTTPS");
            config.brokerCa().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca)));
        }
        config.brokerUsername().ifPresent(options::setUsername);
        config.brokerPassword().ifPresent(options::setPassword);
        MqttClient c = MqttClient.create(vertx, options);
        // one retry per attempt, whether the connect failed or an established connection closed
        AtomicBoolean retried = new AtomicBoolean();
        Runnable retryOnce = () -> {
            if (client == c && !stopped && retried.compareAndSet(false, true)) {
                connected = false;
                retry();
            }
        };
        c.publishHandler(this::onMessage);
        c.closeHandler(v -> {
            if (connected && client == c) {
                LOG.warnf("MQTT connection to %s lost; reconnecting", config.brokerUrl());
            }
            retryOnce.run();
        });
        client = c;
        int port = url.getPort() > 0 ? url.getPort() : tls ? 8883 : 1883;
        c.connect(port, url.getHost())
                .compose(ack -> c.subscribe(Map.of(
                        config.topicPrefix() + "/+/events",
                        MqttQoS.AT_LEAST_ONCE.value(),
                        "$share/" + config.shareGroup() + "/" + config.topicPrefix() + "/+/status",
                        MqttQoS.AT_MOST_ONCE.value())))
                .onSuccess(id -> {
                    connected = true;
                    backoffMillis = 100;
                    LOG.infof(
                            "MQTT connected to %s as %s (topics %s/+/…)",
                            config.brokerUrl(), clientId, config.topicPrefix());
                })
                .onFailure(e -> {
                    LOG.debugf("MQTT connect to %s failed: %s", config.brokerUrl(), e.getMessage());
                    if (c.isConnected()) {
                        c.disconnect();
                    }
                    retryOnce.run();
                });
    }

    private void retry() {
        long delay = backoffMillis;
        backoffMillis = Math.min(5000, backoffMillis * 2);
        vertx.setTimer(delay, t -> connect());
    }

    private void onMessage(MqttPublishMessage message) {
        String topic = message.topicName();
        long door = DoorProtocol.doorOfTopic(config.topicPrefix(), topic, "events");
        if (door > 0) {
            answered(door, message.payload());
            return;
        }
        long beating = DoorProtocol.doorOfTopic(config.topicPrefix(), topic, "status");
        if (beating > 0) {
            // a worker thread: the heartbeat is a MySQL write
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try {
                    doors.seen(beating, clock.instant(), SEEN_GAP);
                } catch (RuntimeException e) {
                    LOG.debugf("heartbeat of door %d not recorded: %s", beating, e.getMessage());
                }
            });
        }
    }

    private void answered(long doorId, Buffer payload) {
        try {
            JsonObject event = payload.toJsonObject();
            Object id = event.getValue("commandId");
            Pending p = id instanceof String s ? pending.get(s) : null;
            Object result = event.getValue("result");
            if (p != null
                    && p.doorId() == doorId
                    && (DoorProtocol.OPENED.equals(result) || DoorProtocol.FAILED.equals(result))) {
                p.answer().complete((String) result);
            }
        } catch (RuntimeException e) {
            LOG.debugf("door %d sent an event that is not JSON: %s", doorId, e.getMessage());
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
