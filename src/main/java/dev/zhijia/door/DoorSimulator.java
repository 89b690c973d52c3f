package dev.zhijia.door;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * A door controller on the broker, for tests, the browser journey and anyone trying the project on a laptop:
 * logs in as its door id with its device secret, shows (prints) its rotating QR, sends heartbeats, and answers
 * open commands — after checking, as a real controller must, that each is signed with its secret, not
 * expired and not seen before (a replayed or forged command opens nothing). Modes: {@code open} answers
 * OPENED, {@code fail} answers FAILED, {@code silent} neither answers nor beats (an offline door).
 * <p>
 * Run it with {@code scripts/door-sim.sh --door ID --secret SECRET} (README "Door simulator"); on stdin,
 * {@code mode open|fail|silent} switches mode and {@code qr} prints the current payload. The Java tests
 * use the same class in-process. Not a CDI bean: it is a client of the service, never part of it.
 */
public final class DoorSimulator implements AutoCloseable {

    public enum Mode {
        OPEN,
        FAIL,
        SILENT
    }

    private final Vertx vertx;
    private final boolean ownVertx;
    private final URI broker;
    private final String prefix;
    private final long doorId;
    private final String secret;
    private final Clock clock;
    private final Duration heartbeatEvery;
    private final PrintStream out;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private volatile Mode mode = Mode.OPEN;
    private volatile MqttClient client;
    private volatile boolean closed;
    private long beatTimer = -1;
    private long qrTimer = -1;

    public DoorSimulator(
            Vertx vertx,
            String brokerUrl,
            String prefix,
            long doorId,
            String secret,
            Clock clock,
            Duration heartbeatEvery,
            PrintStream out) {
        this.ownVertx = vertx == null;
        this.vertx = vertx == null ? Vertx.vertx() : vertx;
        this.broker = URI.create(brokerUrl);
        this.prefix = prefix;
        this.doorId = doorId;
        this.secret = secret;
        this.clock = clock;
        this.heartbeatEvery = heartbeatEvery;
        this.out = out;
    }

    /** Connects and subscribes; heartbeats start at once (unless silent). Completes when it listens. */
    public CompletableFuture<Void> start() {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        connect(ready);
        beatTimer = vertx.setPeriodic(heartbeatEvery.toMillis(), t -> heartbeat());
        if (out != null) {
            long[] last = {-1};
            qrTimer = vertx.setPeriodic(1000, t -> {
                long w = DoorProtocol.window(clock.instant());
                if (w != last[0]) {
                    last[0] = w;
                    out.println("QR " + qr());
                }
            });
        }
        return ready;
    }

    private void connect(CompletableFuture<Void> ready) {
        if (closed) {
            return;
        }
        MqttClient c = MqttClient.create(
                vertx,
                new MqttClientOptions()
                        .setClientId("zhijia-door-" + doorId + "-" + Long.toHexString(System.nanoTime()))
                        .setUsername(Long.toString(doorId))
                        .setPassword(secret)
                        .setCleanSession(true)
                        .setAutoKeepAlive(true)
                        .setKeepAliveInterval(10)
                        .setMaxInflightQueue(65_535)
                        .setSsl("mqtts".equals(broker.getScheme())));
        client = c;
        AtomicBoolean retried = new AtomicBoolean(); // once per attempt: a failed connect or a lost connection
        Runnable retry = () -> {
            if (!closed && client == c && retried.compareAndSet(false, true)) {
                vertx.setTimer(500, t -> connect(ready.isDone() ? new CompletableFuture<>() : ready));
            }
        };
        c.publishHandler(this::onCommand);
        c.closeHandler(v -> retry.run());
        c.connect(broker.getPort() > 0 ? broker.getPort() : 1883, broker.getHost())
                .compose(ack -> c.subscribe(DoorProtocol.commandsTopic(prefix, doorId), MqttQoS.AT_LEAST_ONCE.value()))
                .onSuccess(id -> {
                    say("CONNECTED door " + doorId);
                    heartbeat();
                    ready.complete(null);
                })
                .onFailure(e -> {
                    if (!ready.isDone() && ownVertx) {
                        say("CONNECT FAILED " + e.getMessage() + " (retrying)");
                    }
                    if (c.isConnected()) {
                        c.disconnect();
                    }
                    retry.run();
                });
    }

    public void mode(Mode m) {
        this.mode = m;
        say("MODE " + m.name().toLowerCase());
        if (m != Mode.SILENT) {
            heartbeat();
        }
    }

    /** The payload the door shows now. */
    public String qr() {
        return DoorProtocol.qr(doorId, secret, DoorProtocol.window(clock.instant()));
    }

    /** Doors opened (commands accepted while in open mode). */
    public int opened() {
        return opened.get();
    }

    /** Commands refused: bad signature, expired, or a replay. */
    public int rejected() {
        return rejected.get();
    }

    public void heartbeat() {
        MqttClient c = client;
        if (mode == Mode.SILENT || c == null || !c.isConnected()) {
            return;
        }
        c.publish(
                DoorProtocol.statusTopic(prefix, doorId),
                new JsonObject().put("at", clock.instant().toString()).toBuffer(),
                MqttQoS.AT_MOST_ONCE,
                false,
                false);
    }

    private void onCommand(MqttPublishMessage m) {
        if (mode == Mode.SILENT) {
            return;
        }
        String commandId;
        long expiresAt;
        String sig;
        try {
            JsonObject c = m.payload().toJsonObject();
            commandId = c.getString("commandId");
            expiresAt = c.getLong("expiresAt");
            sig = c.getString("sig");
        } catch (RuntimeException e) {
            reject("not a command");
            return;
        }
        Instant now = clock.instant();
        if (!DoorProtocol.commandValid(secret, commandId, doorId, expiresAt, sig, now)) {
            reject(now.toEpochMilli() > expiresAt ? "expired " + commandId : "bad signature " + commandId);
            return;
        }
        seen.values().removeIf(exp -> exp < now.toEpochMilli());
        if (seen.putIfAbsent(commandId, expiresAt) != null) {
            reject("replayed " + commandId);
            return;
        }
        String result = mode == Mode.OPEN ? DoorProtocol.OPENED : DoorProtocol.FAILED;
        if (mode == Mode.OPEN) {
            opened.incrementAndGet();
        }
        client.publish(
                DoorProtocol.eventsTopic(prefix, doorId),
                new JsonObject()
                        .put("commandId", commandId)
                        .put("result", result)
                        .toBuffer(),
                MqttQoS.AT_LEAST_ONCE,
                false,
                false);
        say(result + " " + commandId);
    }

    private void reject(String why) {
        rejected.incrementAndGet();
        say("REJECTED " + why);
    }

    private void say(String line) {
        if (out != null) {
            out.println(line);
        }
    }

    @Override
    public void close() {
        closed = true;
        vertx.cancelTimer(beatTimer);
        vertx.cancelTimer(qrTimer);
        MqttClient c = client;
        if (c != null && c.isConnected()) {
            c.disconnect();
        }
        if (ownVertx) {
            vertx.close();
        }
    }

    /**
     * {@code --door ID --secret SECRET [--broker mqtt://127.0.0.1:1883] [--prefix zhijia/doors]
     * [--mode open|fail|silent] [--heartbeat-seconds 20]}; then reads commands from stdin.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>(Map.of(
                "--broker",
                env("ZHIJIA_DOORS_BROKER_URL", "mqtt://127.0.0.1:1883"),
                "--prefix",
                env("ZHIJIA_DOORS_TOPIC_PREFIX", "zhijia/doors"),
                "--mode",
                "open",
                "--heartbeat-seconds",
                "20"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        if (!a.containsKey("--door") || !a.containsKey("--secret")) {
            System.err.println("usage: door-sim.sh --door ID --secret SECRET [--broker mqtt://host:1883]"
                    + " [--prefix zhijia/doors] [--mode open|fail|silent] [--heartbeat-seconds 20]");
            System.exit(2);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        DoorSimulator sim = new DoorSimulator(
                null,
                a.get("--broker"),
                a.get("--prefix"),
                Long.parseLong(a.get("--door")),
                a.get("--secret"),
                Clock.systemUTC(),
                Duration.ofSeconds(Long.parseLong(a.get("--heartbeat-seconds"))),
                out);
        sim.mode = Mode.valueOf(a.get("--mode").toUpperCase());
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
        sim.start().get(30, TimeUnit.SECONDS);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String l = line.strip();
            if (l.startsWith("mode ")) {
                sim.mode(Mode.valueOf(l.substring(5).strip().toUpperCase()));
            } else if (l.equals("qr")) {
                out.println("QR " + sim.qr());
            }
        }
        // stdin closed: keep running (a laptop user may start it in the background) until killed
        Thread.currentThread().join();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
